"""`<id:pk>` in URLs: a primary key, which is a 64-bit integer in every database the site runs on.

`<int:…>` takes any digits, and SQLite raises OverflowError for a number past 2**63 − 1 (PostgreSQL says
"no such row"): a URL naming such an id is simply not one of ours, 404 on both.
"""

from django.urls import register_converter

LARGEST_ID = 2**63 - 1


class DatabaseId:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > LARGEST_ID:
            raise ValueError(value)  # no match: 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(DatabaseId, "id")
