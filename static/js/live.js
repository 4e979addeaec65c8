// Live updates over the WebSocket: filled in by the live side (issue 4).
