"""Staff in a real browser: two people editing one service at once, putting back an
earlier version from the history page, a review date passing, and an editor's draft of
an area's text previewed and published by a publisher."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from offers.models import Area, Draft, Service
from offers.roles import EDITORS, PUBLISHERS, apply_roles
from tests.browser import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(db, django_user_model):
    for name in ("sam", "alex"):
        django_user_model.objects.create_superuser(name, f"{name}@example.org", f"pw-{name}-123")


def sign_in(browser, live_server, name):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", f"pw-{name}-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_two_people_edit_the_same_service(live_server, demo_offer, staff, browser):
    service = Service.objects.published().get(slug="setting-up-home-allowance")
    url = f"{live_server.url}/admin/offers/service/{service.pk}/change/"
    sam, alex = sign_in(browser, live_server, "sam"), sign_in(browser, live_server, "alex")
    sam.goto(url)
    alex.goto(url)

    alex.fill("#id_title_en", "Home set-up grant")
    alex.click("input[name=_save]")
    alex.wait_for_url("**/admin/offers/service/")

    sam.fill("#id_summary_en", "Money for a bed, a cooker and pans.")
    sam.click("input[name=_save]")
    conflict = sam.locator(".edit-conflict")
    assert "alex" in conflict.locator("h2").inner_text()
    # What Alex's save says now, read from the diff without the words Alex took out.
    after = conflict.locator("td.diff").first.evaluate(
        "td => { const c = td.cloneNode(true); c.querySelectorAll('del').forEach(d => d.remove());"
        " return c.textContent; }"
    )
    assert after == "Home set-up grant"
    # Sam's words are still there, and Alex's title is not lost.
    assert sam.input_value("#id_summary_en") == "Money for a bed, a cooker and pans."
    screenshot(sam, "admin-edit-conflict")
    service.refresh_from_db()
    assert service.title_en == "Home set-up grant"

    sam.fill("#id_title_en", "Home set-up grant")  # merge
    sam.click("input[name=_save]")
    sam.wait_for_url("**/admin/offers/service/")
    service.refresh_from_db()
    assert service.title_en == "Home set-up grant"
    assert service.summary_en == "Money for a bed, a cooker and pans."

    # Either of them can put the first version back from the history page.
    sam.goto(url.replace("/change/", "/history/"))
    screenshot(sam, "admin-history")
    sam.get_by_role("link", name="Restore this version").last.click()
    assert sam.input_value("#id_title_en") == "Setting-up-home allowance"
    sam.click("input[name=_save]")
    sam.wait_for_url("**/admin/offers/service/**")
    service.refresh_from_db()
    assert service.title_en == "Setting-up-home allowance"
    assert service.summary_en != "Money for a bed, a cooker and pans."


def test_a_review_date_in_the_past_shows_on_the_review_page(
    live_server, demo_offer, staff, browser
):
    service = Service.objects.published().get(slug="free-bus-pass")
    page = sign_in(browser, live_server, "sam")
    page.goto(f"{live_server.url}/admin/review/")
    assert service.title not in page.locator("#overdue + *").inner_text()
    page.goto(f"{live_server.url}/admin/offers/service/{service.pk}/change/")
    page.fill("#id_review_due", "2026-01-31")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/offers/service/")
    page.goto(f"{live_server.url}/admin/review/")
    assert service.title in page.locator("#overdue + table").inner_text()
    screenshot(page, "admin-review")


def test_draft_preview_publish_and_what_changed(
    live_server, demo_offer, staff, browser, make_service
):
    draft = make_service(title="Help with a first phone contract", status=Service.Status.DRAFT)
    page = sign_in(browser, live_server, "sam")
    public = browser.new_context().new_page()
    assert public.goto(live_server.url + draft.get_absolute_url()).status == 404

    page.goto(f"{live_server.url}/admin/offers/service/{draft.pk}/change/")
    page.click("a.viewsitelink")
    page.wait_for_url("**?preview=1")
    assert page.locator(".preview-banner").is_visible()
    assert page.locator("h1").inner_text() == "Help with a first phone contract"
    screenshot(page, "preview-draft")

    page.go_back()
    page.select_option("#id_status", "published")
    page.fill("#id_public_summary", "We can now be your guarantor for a phone contract.")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/offers/service/")
    assert public.goto(live_server.url + draft.get_absolute_url()).status == 200
    public.goto(live_server.url + "/en/changes/")
    first = public.locator("ul.changes > li").first.inner_text()
    assert "New" in first and "We can now be your guarantor for a phone contract." in first

    # Deleted by mistake, then recovered from the list of deleted services.
    page.goto(f"{live_server.url}/admin/offers/service/{draft.pk}/delete/")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/offers/service/")
    page.goto(f"{live_server.url}/admin/offers/service/recover/")
    page.get_by_role("row", name="Help with a first phone contract").get_by_role("link").click()
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/offers/service/**")
    assert Service.objects.filter(pk=draft.pk).exists()


def test_an_editor_drafts_area_text_and_a_publisher_previews_and_publishes_it(
    live_server, demo_offer, browser, django_user_model
):
    apply_roles(apps)  # a live-server test starts from an emptied database
    for name, role in (("erin", EDITORS), ("pat", PUBLISHERS)):
        user = django_user_model.objects.create_user(name, password=f"pw-{name}-123")
        user.is_staff = True
        user.save()
        user.groups.set([Group.objects.get(name=role)])
    area = Area.objects.get(slug="employment")
    url = f"{live_server.url}/admin/offers/area/{area.pk}/change/"
    public = browser.new_context().new_page()

    erin = sign_in(browser, live_server, "erin")
    erin.goto(url)
    assert "page stays as it is" in erin.locator(".draft-note").inner_text()
    erin.fill("#id_title_en", "Work and jobs")
    erin.locator("summary", has_text="Arabic").click()
    erin.fill("#id_title_ar", "العمل والوظائف")
    erin.click("input[value='Save as draft']")
    erin.wait_for_url(url)
    assert "Saved as a draft" in erin.locator(".messagelist").inner_text()
    assert "erin" in erin.locator(".draft-note h2").inner_text()
    assert erin.input_value("#id_title_en") == "Work and jobs"
    screenshot(erin, "admin-draft-waiting")
    public.goto(live_server.url + "/en/employment/")
    assert public.locator("h1").inner_text() == "Employment"

    erin.click("text=Preview the draft on the site")
    erin.wait_for_url("**?preview=1")
    assert erin.locator(".preview-banner").is_visible()
    assert erin.locator("h1").inner_text() == "Work and jobs"
    erin.set_viewport_size({"width": 360, "height": 740})
    erin.goto(live_server.url + "/ar/employment/?preview=1")
    assert erin.locator("h1").inner_text() == "العمل والوظائف"
    screenshot(erin, "preview-draft-area-ar")

    pat = sign_in(browser, live_server, "pat")
    pat.goto(url)
    assert "erin" in pat.locator(".draft-note").inner_text()
    pat.fill("#id_public_summary", "The employment pages are now called Work and jobs.")
    pat.click("input[value='Publish']")
    pat.wait_for_url("**/admin/offers/area/")
    assert Draft.objects.get().status == Draft.Status.PUBLISHED
    public.goto(live_server.url + "/en/employment/")
    assert public.locator("h1").inner_text() == "Work and jobs"
    public.goto(live_server.url + "/ar/changes/")
    first = public.locator("ul.changes > li").first
    assert "العمل والوظائف" in first.inner_text()
    assert "called Work and jobs" in first.locator("[lang=en]").last.inner_text()
