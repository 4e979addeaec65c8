"""What the site does about hostile clients: headers, throttles, refusals and logs, in one place.

- `csp.py`: the Content-Security-Policy with this host's own WebSocket origin.
- `middleware.py`: control characters in parameters refused; pages for a signed-in user never cached;
  `refusal()`, the one shape of every refused request (JSON as SPEC says, else a plain sentence).
- `views.py`: the answers to a locked-out sign-in (django-axes) and to too many sign-ups.
- `rate_limits.py`: the fixed-window limits of the interest form (per user) and of sign-up (per address).
- `asgi.py`: proxy headers trusted only behind a proxy, and the access log.
- `logs.py`: personal feed tokens taken out of every log line.
"""
