"""Where the act a deadline asks for is done. Most deadlines link their subject's own page; an
app whose act is done elsewhere registers that page for its kinds (apps import downwards, so
the deadline engine never names a page of a higher app)."""

from config.actions import url_if_visible

WORK_PAGES = {}


def register_work_page(kinds, page):
    """`page(user, deadline)` gives the address where `user` does what the deadline asks, or ""
    when they may not open it."""
    for kind in kinds:
        WORK_PAGES[kind] = page


def work_url(user, deadline):
    page = WORK_PAGES.get(deadline.kind)
    return page(user, deadline) if page is not None else url_if_visible(user, deadline.subject)
