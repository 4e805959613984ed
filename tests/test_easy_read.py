"""Easy read: the readability rules, the pages, and the admin's advice."""

import types

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from offers.easy_read_check import check_sentence
from offers.models import Area, EasyReadSentence, GlossaryTerm, Picture, Service
from tests.conftest import admin_form_data


def term(name, easy=""):
    return types.SimpleNamespace(term=name, easy_definition=easy)


GOOD = [
    "You can get £3,000 to set up your first home.",
    "Ask your personal adviser.",
    "You can stay until you are 21.",
    "Call 01632 960100 from Monday to Friday.",
    "Help is there from 16 to 25.",
    "Your PA will help you.",
]
BAD = {
    "too many words": (
        "You can ask your adviser about all of the help that you can get from the council this year"
    ),
    "number in words": "You can stay until you are twenty-one.",
    "big number without comma": "You can get 3000 pounds.",
    "range with a hyphen": "Help is there from 16-25.",
    "percentage": "You pay 50% of the rent.",
    "fraction": "You pay 1/2 of the rent.",
    "date in digits": "Your plan starts on 01/10/2026.",
    "hard word": "This is a statutory right.",
    "long word": "You get accommodation-related responsibilities.",
    "glossary word with no easy meaning": "Your pathway plan says what you want.",
}


@pytest.mark.parametrize("sentence", GOOD)
def test_good_sentences_pass(sentence):
    terms = [term("Personal Adviser (PA)", "A person who helps you."), term("Pathway plan")]
    assert check_sentence(sentence, terms) == []


@pytest.mark.parametrize("rule", BAD)
def test_bad_sentences_are_flagged(rule):
    terms = [term("Pathway plan")]
    assert check_sentence(BAD[rule], terms), rule


def test_a_twenty_word_sentence_is_flagged_with_its_length():
    sentence = " ".join(["word"] * 20)
    assert any("20 words" in problem for problem in check_sentence(sentence))


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def test_admin_flags_a_twenty_word_easy_read_sentence(staff, demo_offer):
    service = Service.objects.published().first()
    url = reverse("admin:offers_service_change", args=[service.pk])
    data = admin_form_data(staff, url)
    prefix = "easy_read"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    sentence = " ".join(["This is a long easy read sentence that goes on"] * 2)
    data |= {
        f"{prefix}-{total - 1}-text_en": sentence,
        f"{prefix}-{total - 1}-picture": "money",
        f"{prefix}-{total - 1}-order": "9",
        f"{prefix}-{total - 1}-service": service.pk,
    }
    response = staff.post(url, data, follow=True)
    assert response.status_code == 200
    warnings = [str(m) for m in response.context["messages"]]
    assert any("20 words" in w for w in warnings), warnings
    assert EasyReadSentence.objects.filter(service=service, text_en=sentence).exists()
    page = staff.get(url).content.decode()
    assert "20 words: use 15 or fewer" in page
    status = staff.get(reverse("admin:translation_status")).content.decode()
    assert "20 words: use 15 or fewer" in status


def rows(soup):
    return soup.select(".easy-read-list > li")


@pytest.mark.parametrize("language", ["en", "ar", "ti"])
def test_easy_read_area_page(client, demo_offer, language):
    area = Area.objects.get(slug="accommodation")
    response = client.get(f"/{language}/easy-read/accommodation/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(rows(soup)) >= area.easy_read.count() + 3
    for row in rows(soup):
        img = row.find("img")
        assert img["src"].startswith("/static/pictograms/")
        assert img.has_attr("alt")
    assert soup.select_one(".who-to-ask")
    assert soup.select_one(f'a[href="/{language}/accommodation/"]')  # back to the full page
    assert not soup.select_one(".untranslated-page") or language == "en"


def test_pictures_have_alt_text_unless_decorative(client, demo_offer):
    sentence = EasyReadSentence.objects.filter(area__slug="accommodation").first()
    sentence.picture_is_decorative = False
    sentence.save()
    soup = BeautifulSoup(client.get("/en/easy-read/accommodation/").content, "html.parser")
    first = rows(soup)[0].find("img")
    assert first["alt"] == Picture(sentence.picture).label
    sentence.picture_is_decorative = True
    sentence.save()
    soup = BeautifulSoup(client.get("/en/easy-read/accommodation/").content, "html.parser")
    assert rows(soup)[0].find("img")["alt"] == ""


def test_glossary_words_are_explained_where_they_appear_once_a_page(client, demo_offer):
    term = GlossaryTerm.objects.get(slug="staying-put")
    html = client.get("/en/easy-read/accommodation/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    explained = [p for p in soup.select(".explain") if term.easy_definition in p.get_text()]
    assert len(explained) == 1


def test_full_pages_link_to_easy_read_and_back(client, demo_offer):
    service = Service.objects.published().select_related("area").first()
    soup = BeautifulSoup(client.get(service.get_absolute_url()).content, "html.parser")
    assert soup.select_one(f'a[href="{service.get_easy_read_url()}"]')
    easy = BeautifulSoup(client.get(service.area.get_easy_read_url()).content, "html.parser")
    assert easy.find(id=service.slug)
    assert easy.select_one(f'#{service.slug} a[href="{service.get_absolute_url()}"]')
    home = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert home.select_one('a[href="/en/easy-read/"]')


def test_every_demo_area_and_service_has_easy_read_in_english_arabic_and_tigrinya(demo_offer):
    owners = [*Area.objects.all(), *Service.objects.published()]
    for owner in owners:
        sentences = list(owner.easy_read.all())
        assert len(sentences) >= 2, owner
        for sentence in sentences:
            for language in ("en", "ar", "ti"):
                assert sentence.text_in("text", language), (owner, language)


def test_every_picture_has_a_file():
    from django.conf import settings

    for picture in Picture:
        assert (settings.BASE_DIR / "static" / picture.static_path).exists(), picture
