from interests.rate_limit import TokenBucket


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_token_bucket_allows_a_burst_then_refuses():
    bucket = TokenBucket(rate=10, burst=3, clock=Clock())

    taken = [bucket.take() for _ in range(4)]

    assert taken == [True, True, True, False]


def test_token_bucket_refills_at_its_rate_up_to_the_burst():
    clock = Clock()
    bucket = TokenBucket(rate=10, burst=3, clock=clock)
    [bucket.take() for _ in range(3)]

    clock.now += 0.2  # two tokens
    after_two = [bucket.take() for _ in range(3)]
    clock.now += 60  # never more than the burst
    after_a_minute = [bucket.take() for _ in range(4)]

    assert (after_two, after_a_minute) == ([True, True, False], [True, True, True, False])
