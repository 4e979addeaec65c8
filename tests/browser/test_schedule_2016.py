"""The real PyCon US 2016 schedule, scraped from the archived pages, browsed in Chromium."""

from playwright.sync_api import expect

from presentations.models import Presentation

ROOMS_MAY_30 = [
    "Oregon Ballroom 201–202",
    "Oregon Ballroom 203–204",
    "Portland Ballroom 251 & 258",
    "Portland Ballroom 252–253",
    "Portland Ballroom 254–255",
]


def card_titles(page) -> list[str]:
    return page.locator(".card-title a").all_inner_texts()


def test_list_shows_the_2016_days_and_talks(live_server, page, pycon_2016):
    page.goto(f"{live_server.url}/pycon-2016/")

    assert page.locator("h1").inner_text() == "PyCon US 2016"
    assert page.locator(".zone").inner_text() == "Times in America/Los_Angeles (PDT)"
    assert page.locator(".day > h2").all_inner_texts() == [
        "Saturday, May 28",
        "Sunday, May 29",
        "Monday, May 30",
        "Tuesday, May 31",
        "Wednesday, June 1",
        "Posters and other sessions without a time",
    ]
    total = Presentation.objects.filter(conference=pycon_2016).count()
    assert page.locator(".match-count").inner_text() == f"{total} of {total} presentations"
    assert page.locator("#day-2016-05-30 .slot-time").first.inner_text() == "8:00 AM"
    assert page.locator(f"#p-{talk(pycon_2016, 'Machete-mode debugging').pk} .facts li").all_inner_texts() == [
        "Talk",
        "30 min",
        "Best Practices & Patterns",
        "Intermediate",
        "Oregon Ballroom 201–202",
    ]
    assert page.console_errors == []


def test_category_filter_narrows_to_its_talks(live_server, page, pycon_2016):
    page.goto(f"{live_server.url}/pycon-2016/")

    # A filter applies when asked (Filter); schedule.js keeps empty fields out of the address.
    page.get_by_label("Category").select_option("Security")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()

    assert page.url == f"{live_server.url}/pycon-2016/?category=Security"
    assert sorted(card_titles(page)) == [
        "Advanced DNS Services for Securing Your Application and Enhancing User Privacy",
        "Designing secure systems with Object-Capabilities, Python, and Cap'n Proto",
        "Magic Wormhole: Simple Secure File Transfer",
        "Monte: A Python-based Programming Language for Secure Distributed Computation",
        "PyKMIP: Key Management for Python",
        "Seriously Strong Security on a Shoestring (CW)",
        "Shiny, Let's Be Bad Guys: Exploiting and Mitigating the Top 10 Web App Vulnerabilities",
        "When the going gets tough, get TUF going",
    ]
    assert page.console_errors == []


def test_search_by_speaker_and_combine_with_a_day(live_server, page, pycon_2016):
    page.goto(f"{live_server.url}/pycon-2016/")

    page.get_by_label("Search").fill("Batchelder")
    with page.expect_navigation():
        page.get_by_label("Search").press("Enter")

    assert card_titles(page) == ["Machete-mode debugging: Hacking your way out of a tight spot"]
    assert page.locator(".card .speakers").all_inner_texts() == ["Ned Batchelder"]

    page.get_by_label("Day", exact=True).select_option("2016-05-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()

    assert page.url == f"{live_server.url}/pycon-2016/?q=Batchelder&day=2016-05-31"
    assert page.locator(".empty-state h2").inner_text() == "No presentations match"
    page.get_by_role("link", name="Clear filters").first.click()
    assert page.url == f"{live_server.url}/pycon-2016/"
    assert page.console_errors == []


def test_filters_work_without_javascript(live_server, browser, pycon_2016):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/pycon-2016/")

    page.get_by_label("Search").fill("Langa")
    page.get_by_label("Kind").select_option("talk")
    page.get_by_role("button", name="Filter").click()

    assert card_titles(page) == ["Thinking In Coroutines"]
    assert "kind=talk" in page.url and "q=Langa" in page.url
    context.close()


def test_grid_of_may_30_has_the_five_rooms_with_talks_in_their_columns(live_server, page, pycon_2016):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/pycon-2016/grid/?day=2016-05-30")

    assert page.locator(".grid-room").all_inner_texts() == ROOMS_MAY_30
    for column, room in enumerate(ROOMS_MAY_30):
        header = page.locator(".grid-room").nth(column).bounding_box()
        for presentation in Presentation.objects.filter(conference=pycon_2016, room=room, kind="talk")[:3]:
            block = page.locator(f".grid-item[data-presentation='{presentation.pk}']").bounding_box()
            assert header["x"] <= block["x"] and block["x"] + block["width"] <= header["x"] + header["width"] + 1
    # The keynote runs across all five rooms.
    keynote = page.locator(".grid-item", has_text="Keynote — Lorena Barba").bounding_box()
    first, last = (page.locator(".grid-room").nth(n).bounding_box() for n in (0, 4))
    assert keynote["x"] < first["x"] + 5 and keynote["x"] + keynote["width"] > last["x"] + last["width"] - 5
    assert page.console_errors == []


def description_of(presentation) -> list[str]:
    return [" ".join(part.split()) for part in presentation.description.split("\n\n") if part.strip()]


def test_a_cards_description_opens_in_place_from_its_talk_page(live_server, page, pycon_2016):
    machete = talk(pycon_2016, "Machete-mode debugging")
    page.goto(f"{live_server.url}/pycon-2016/?q=Batchelder")
    card = page.locator(f"#p-{machete.pk}")

    card.get_by_text("Description", exact=True).click()

    expect(card.locator(".description-text p")).to_have_text(description_of(machete))
    assert card.locator(".description-link").count() == 0
    assert page.console_errors == []


def test_a_cards_description_is_a_link_to_its_talk_page_without_javascript(live_server, browser, pycon_2016):
    machete = talk(pycon_2016, "Machete-mode debugging")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/pycon-2016/?q=Batchelder")
    card = page.locator(f"#p-{machete.pk}")

    card.get_by_text("Description", exact=True).click()
    card.get_by_role("link", name="Read it on the talk page").click()

    assert page.url == f"{live_server.url}/talks/{machete.pk}/#description"
    assert page.locator("#description p").all_inner_texts() == description_of(machete)
    context.close()


def test_talk_page_shows_its_abstract(live_server, page, pycon_2016):
    machete = talk(pycon_2016, "Machete-mode debugging")
    page.goto(f"{live_server.url}/pycon-2016/?q=Batchelder")

    page.get_by_role("link", name=machete.title).click()

    assert page.url == f"{live_server.url}/talks/{machete.pk}/"
    assert page.locator("h1").inner_text() == machete.title
    abstract = page.locator(".talk-text").nth(1)
    assert abstract.locator("h2").inner_text() == "Abstract"
    paragraphs = [" ".join(p.split()) for p in machete.abstract.split("\n\n")]
    assert abstract.locator("p").all_inner_texts() == paragraphs
    assert page.get_by_role("link", name="Its page on the conference site").get_attribute("href") == machete.url
    assert page.console_errors == []


def test_phone_width_has_no_horizontal_scroll(live_server, browser, pycon_2016):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    machete = talk(pycon_2016, "Machete-mode debugging")

    widths = {}
    for path in (
        "/pycon-2016/",
        "/pycon-2016/?category=Science",
        "/pycon-2016/grid/?day=2016-05-30",
        f"/talks/{machete.pk}/",
    ):
        page.goto(live_server.url + path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")

    assert widths == dict.fromkeys(widths, 375)
    assert errors == []
    context.close()


def test_keyboard_reaches_filters_and_talks_with_visible_focus(live_server, page, pycon_2016):
    page.goto(f"{live_server.url}/pycon-2016/?category=Gaming")

    focused = []
    for _ in range(20):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("(e => e.tagName === 'A' ? e.textContent.trim() : e.id)(document.activeElement)"))
        if focused[-1].startswith("Revitalizing"):
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")

    assert focused[-1] == "Revitalizing Python Game Development: Packaging, Performance, and Platforms"
    assert "f-category" in focused and outline == "solid"


def talk(conference, title_start: str) -> Presentation:
    return Presentation.objects.get(conference=conference, title__startswith=title_start)
