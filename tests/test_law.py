"""The law in force (data/obligations.yaml): validated like the rest of the data, the same on its pages, on
the measures, in the reporting directory and in the crosswalk downloads, and chosen by jurisdiction on the
checklists in a real browser."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import AXE_OPTIONS, format_violations, serve
from selectolax.lexbor import LexborHTMLParser
from test_browser import LAID_OUT, Visit

from vpguide import addresses as a
from vpguide.export import CROSSWALK_COLUMNS
from vpguide.load import load_model, validate

ROOT = Path(__file__).resolve().parent.parent
MODEL = load_model(ROOT / "data")
OBLIGATIONS = (ROOT / "data" / "obligations.yaml").read_text(encoding="utf-8")
JURISDICTIONS = (ROOT / "data" / "jurisdictions.yaml").read_text(encoding="utf-8")


def html(site: Path, page: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / a.page_path(page) / "index.html").read_text(encoding="utf-8"))


def problems_with(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (data / file).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(p) for p in validate(data, project_dir=tmp_path)]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# --- validation --------------------------------------------------------------------------------------------


def test_the_law_names_the_jurisdictions_the_issue_asks_for():
    with_law = {j.id for j in MODEL.law_jurisdictions}
    five_and_more = {"united-states", "united-kingdom", "canada", "australia", "new-zealand"}
    assert five_and_more | {"european-union", "ireland"} <= with_law
    # The reporting routes a provider needs in Germany, France and the Netherlands are in the directory.
    assert {"germany", "france", "netherlands"} <= {j.id for j in MODEL.jurisdictions}
    for j in MODEL.jurisdictions:
        assert j.public_routes, j.id


def test_every_provision_has_an_official_address_and_a_checked_date_not_after_as_of():
    assert MODEL.provisions
    for p in MODEL.provisions:
        assert p.url.startswith("https://"), p.id
        assert p.checked <= MODEL.law_as_of, p.id
    for i in MODEL.instruments:
        assert i.checked <= MODEL.law_as_of, i.id


def test_a_mapping_to_an_unknown_measure_is_an_error_with_file_and_line(tmp_path):
    old = "          - measure: P2-04\n"
    problems = problems_with(tmp_path, "obligations.yaml", old, "          - measure: P2-99\n")
    line = line_of(OBLIGATIONS, old.rstrip("\n"))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"data/obligations.yaml:{line}:")
    assert "unknown measure 'P2-99'" in problems[0]


def test_a_mapping_to_a_retired_measure_says_so(tmp_path):
    retired = MODEL.retired[0].id
    problems = problems_with(tmp_path, "obligations.yaml", "- measure: P2-04\n", f"- measure: {retired}\n")
    assert len(problems) == 1, problems
    assert f"measure {retired!r} is retired: name the measures that replace it" in problems[0]


def test_a_route_naming_an_unknown_provision_is_an_error(tmp_path):
    old = "provisions: [us-2258a-a, us-2258a-preservation]"
    problems = problems_with(
        tmp_path, "jurisdictions.yaml", old, "provisions: [us-2258a-a, us-2258a-preserve]"
    )
    line = line_of(JURISDICTIONS, old)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"data/jurisdictions.yaml:{line}:")
    assert "unknown provision 'us-2258a-preserve': did you mean 'us-2258a-preservation'?" in problems[0]


def test_unknown_jurisdiction_service_type_and_a_second_provision_id_all_at_once(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = OBLIGATIONS.replace("    jurisdiction: canada\n", "    jurisdiction: kanada\n", 1)
    text = text.replace("service_types: [adult-content]", "service_types: [adult]", 1)
    text = text.replace("      - id: uk-osa-part-5-age-assurance\n", "      - id: uk-osa-s66\n", 1)
    (data / "obligations.yaml").write_text(text, encoding="utf-8")
    problems = [str(p) for p in validate(data, project_dir=tmp_path)]
    assert len(problems) == 3, problems
    assert any("unknown jurisdiction 'kanada': did you mean 'canada'?" in p for p in problems)
    assert any("service_types[0]: unknown service type 'adult'" in p for p in problems)
    assert any("provision id 'uk-osa-s66' is used twice (first in instrument 'uk-osa'" in p for p in problems)


def test_checked_after_as_of_is_an_error(tmp_path):
    problems = problems_with(tmp_path, "obligations.yaml", 'as_of: "2026-12-04"', 'as_of: "2026-12-01"')
    assert problems
    assert all("is after as_of 2026-12-01" in p for p in problems)


def test_a_relationship_outside_nist_ir_8477_is_a_schema_error(tmp_path):
    problems = problems_with(tmp_path, "obligations.yaml", "relationship: intersects", "relationship: covers")
    assert len(problems) == 1
    assert "obligations.yaml:" in problems[0]
    assert "relationship" in problems[0]


# --- the corrected facts: each pinned where the data states it ---------------------------------------------


def _measure_text(measure_id: str) -> str:
    m = MODEL.measure(measure_id)
    text = " ".join([m.title, m.what, m.why, m.how, *m.evidence, *dict(m.service_notes).values()])
    return " ".join(text.split())  # the line breaks of literal blocks as spaces


ALL_MEASURES = " ".join(_measure_text(m.id) for m in MODEL.measures)


def test_apple_s_abandoned_plan_is_about_icloud_photos_not_private_messages():
    assert "Apple abandoned its plan to do so in 2022" not in ALL_MEASURES
    sentences = re.findall(r"[^.]*Apple announced[^.]*\.", ALL_MEASURES)
    assert sentences
    assert all("iCloud" in s for s in sentences)


def test_uk_provider_route_is_the_nca_under_section_66_and_ceop_and_iwf_are_public():
    uk = MODEL.jurisdiction("united-kingdom")
    assert any("uk-osa-s66" in r.provisions for r in uk.provider_routes)
    assert "National Crime Agency" in uk.summary
    assert {"iwf-report", "ceop"} <= {r.reference for r in uk.public_routes}
    assert not {"iwf-report", "ceop"} & {r.reference for r in uk.provider_routes}
    s66 = MODEL.provision("uk-osa-s66")
    assert s66.url == "https://www.legislation.gov.uk/ukpga/2023/50/section/66"
    assert s66.force == "required"
    for measure_id in ("P1-06", "P3-07", "P5-06", "P9-01"):
        text = _measure_text(measure_id)
        assert "NCA" in text or "National Crime Agency" in text, measure_id
    assert "such as the IWF and CEOP in the UK" not in ALL_MEASURES


def test_url_blocking_names_each_country_s_scheme_not_only_the_iwf():
    text = _measure_text("P1-04")
    assert "IWF URL list" in text
    assert "Cleanfeed Canada" in text
    assert "Digital Child Exploitation Filtering System" in text


def test_australia_has_the_criminal_code_duty_to_refer_to_the_afp():
    provisions = [p for i in MODEL.instruments_of("australia") for p in i.provisions]
    s474 = [p for p in provisions if "474.25" in MODEL.instrument(p.instrument).title + p.provision]
    assert s474, "s.474.25 is missing"
    assert "Australian Federal Police" in s474[0].requires or "AFP" in s474[0].requires
    assert s474[0].force == "required"


def test_canada_summarises_the_duties_of_the_mandatory_reporting_act():
    provisions = [p for i in MODEL.instruments_of("canada") for p in i.provisions]
    text = " ".join(p.provision + " " + p.requires for p in provisions)
    assert "21 days" in text  # preservation
    assert re.search(r"police", text, re.I)  # notification
    assert len(provisions) >= 4


def test_new_zealand_grooming_route_is_the_police_and_dia_with_netsafe_for_advice():
    text = _measure_text("P3-09")
    assert "New Zealand Police (111 in an emergency)" in text
    assert "Netsafe can advise" in text
    nz = MODEL.jurisdiction("new-zealand")
    assert {"dia-nz", "nz-police-oceanz"} <= {r.reference for r in nz.public_routes}


def test_report_remove_works_through_the_iwf_hash_list():
    text = _measure_text("P8-03")
    assert "hash list" in text
    assert "IWF notices" in text
    assert "removal requests that reach you through Report Remove" not in text


def test_templates_are_kept_apart_from_regulators_transparency_notices():
    text = _measure_text("P11-01")
    template, notices = text.split("Separately, answer the transparency notices", 1)
    assert "TRUST" in template
    assert "2024/2835" in template
    assert "Basic Online Safety Expectations" in notices
    assert "section 77" in notices
    assert "Basic Online Safety Expectations" not in template


def test_the_glossary_no_longer_overstates_the_ofcom_hash_matching_measure():
    assert not any("whatever their size" in t.definition for t in MODEL.glossary)


def test_safety_by_design_is_esafety_s_framework_first():
    (term,) = [t for t in MODEL.glossary if t.term == "Safety by Design"]
    assert term.definition.index("eSafety") < term.definition.index("Thorn")


def test_no_link_goes_to_cornell_or_another_unofficial_mirror():
    for r in MODEL.references:
        assert "cornell.edu" not in r.url, r.id
    for p in MODEL.provisions:
        assert "cornell.edu" not in p.url
    assert MODEL.reference("usc-2258a").url.startswith("https://uscode.house.gov/")


def test_help_page_sends_adults_imaged_as_children_to_take_it_down_and_lists_new_zealand():
    help_page = (ROOT / "docs" / "help.md").read_text(encoding="utf-8")
    adults = help_page.split("## If you are an adult and images of you from before you were 18", 1)
    assert len(adults) == 2, "the help page has no section for adults"
    assert (
        "take-it-down" in adults[1].split("\n## ", 1)[0] or "Take It Down" in adults[1].split("\n## ", 1)[0]
    )
    parents = help_page.split("## If you are a parent or carer", 1)[1].split("\n## ", 1)[0]
    assert "New Zealand" in parents


def test_ofcom_s_june_2025_proposals_are_not_called_current_practice():
    assert "practices Ofcom proposed in June 2025" not in ALL_MEASURES
    assert "the consultation closed on 20 October 2025" in _measure_text("P5-02")


# --- the same law on the pages and in the downloads ---------------------------------------------------------


def test_law_pages_show_every_instrument_and_provision_with_its_address(site_dir):
    index = html(site_dir, a.LAW_INDEX)
    assert "as of 4 December 2026" in index.text() or MODEL.law_as_of in index.html
    assert "not legal advice" in index.text().lower()
    for j in MODEL.law_jurisdictions:
        page = html(site_dir, a.law_uri(j.id))
        assert "not legal advice" in page.text().lower()
        for i in MODEL.instruments_of(j.id):
            assert page.css_first(f"h2#{i.id}") is not None, i.id
            for p in i.provisions:
                heading = page.css_first(f"h3#{p.id}")
                assert heading is not None, p.id
                section = []
                node = heading.next
                while node is not None and node.tag not in ("h2", "h3"):
                    section.append(node)
                    node = node.next
                links = [n.attributes.get("href") for s in section for n in s.css("a")]
                assert p.url in links, p.id
                for mapping in p.measures:
                    assert any((href or "").endswith(f"#{mapping.measure}") for href in links), (
                        f"{p.id} does not link {mapping.measure}"
                    )


def test_each_checklist_measure_names_the_binding_law_for_its_service_type(site_dir):
    for service in MODEL.service_types:
        page = html(site_dir, a.checklist_uri(service.id))
        for article in page.css("article.vp-measure[data-measure-id]"):
            measure = article.attributes["data-measure-id"]
            law = MODEL.law_for(measure, service.id, binding=True)
            line = article.css_first(".vp-law-line")
            if not law:
                assert line is None, (service.id, measure)
                assert "data-vp-law" not in article.attributes, (service.id, measure)
                continue
            hrefs = [n.attributes["href"] for n in line.css("a")]
            assert len(hrefs) == len(law), (service.id, measure)
            for (p, _), href in zip(law, hrefs, strict=True):
                assert href.endswith(f"law/{p.jurisdiction}/#{p.id}"), href
            tokens = dict(t.split(":") for t in article.attributes["data-vp-law"].split())
            expected = MODEL.law_in
            for j in tokens:
                assert tokens[j] == expected(j, service.id)[measure]


def test_the_report_knows_the_same_law_as_each_checklist(site_dir):
    """The report (checklists/report/measures.json) shows legally required measures apart: per service
    type, the very tokens of the measure's article on that checklist."""
    report = json.loads((site_dir / a.REPORT_DATA).read_text(encoding="utf-8"))
    laws = {m["id"]: m.get("law", {}) for m in report["measures"]}
    seen = 0
    for service in MODEL.service_types:
        page = html(site_dir, a.checklist_uri(service.id))
        for article in page.css("article.vp-measure[data-measure-id]"):
            measure = article.attributes["data-measure-id"]
            tokens = (article.attributes.get("data-vp-law") or "").split()
            assert laws[measure].get(service.id, []) == tokens, (service.id, measure)
            seen += bool(tokens)
    assert seen > 50


def test_proposals_and_lapsed_rules_never_mark_a_measure_required(site_dir):
    proposed = [p for p in MODEL.provisions if p.status in ("proposed", "lapsed") and p.measures]
    assert proposed, "the data has no proposal with measures: this test tests nothing"
    for p in proposed:
        for mapping in p.measures:
            for service in set(p.service_types) & set(MODEL.measure(mapping.measure).service_types):
                binding = MODEL.law_for(mapping.measure, service, binding=True)
                assert p not in [q for q, _ in binding]
                article = html(site_dir, a.checklist_uri(service)).css_first(
                    f'article[data-measure-id="{mapping.measure}"]'
                )
                line = article.css_first(".vp-law-line")
                assert line is None or f"#{p.id}" not in line.html


def test_reporting_directory_separates_provider_and_public_routes(site_dir):
    page = html(site_dir, a.REPORTING)
    uk = page.css_first("h2#united-kingdom")
    text = []
    node = uk.next
    while node is not None and node.tag != "h2":
        text.append(node.text() if hasattr(node, "text") else "")
        node = node.next
    section = " ".join(text)
    assert "Providers: the routes the law sets" in section
    assert "Anyone" in section
    assert section.index("Providers: the routes the law sets") < section.index("IWF reporting")


def test_crosswalk_downloads_validate_and_equal_the_yaml(site_dir):
    schema = json.loads((site_dir / a.CROSSWALK_SCHEMA).read_text(encoding="utf-8"))
    data = json.loads((site_dir / a.CROSSWALK_JSON).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    expected = [(p.id, m.measure, m.relationship) for p in MODEL.provisions for m in p.measures] + [
        (p.id, None, None) for p in MODEL.provisions if not p.measures
    ]
    got = [(r["provision_id"], r["measure_id"], r["relationship"]) for r in data["rows"]]
    assert sorted(got, key=str) == sorted(expected, key=str)
    assert data["law_as_of"] == MODEL.law_as_of
    rows = list(csv.reader(io.StringIO((site_dir / a.CROSSWALK_CSV).read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CROSSWALK_COLUMNS
    assert len(rows) - 1 == len(data["rows"])
    for row, json_row in zip(rows[1:], data["rows"], strict=True):
        record = dict(zip(CROSSWALK_COLUMNS, row, strict=True))
        assert record["provision_id"] == json_row["provision_id"]
        assert record["measure_id"] == (json_row["measure_id"] or "")
        assert record["provision_url"] == json_row["provision_url"]


def test_dataset_carries_the_law(site_dir):
    dataset = json.loads((site_dir / a.DATASET).read_text(encoding="utf-8"))
    schema = json.loads((site_dir / a.DATASET_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.validate(dataset, schema)
    assert dataset["law"]["as_of"] == MODEL.law_as_of
    got = {
        p["id"]: [m["measure"] for m in p["measures"]]
        for i in dataset["law"]["instruments"]
        for p in i["provisions"]
    }
    assert got == {p.id: [m.measure for m in p.measures] for p in MODEL.provisions}


# --- in the browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def origin(site_dir):
    with serve(site_dir) as url:
        yield url


MARKED = "() => document.querySelectorAll('article[data-vp-law-status]').length > 0"


def _expected_marks(service: str, chosen: list[str]) -> dict[str, str]:
    marks = {}
    for m in MODEL.measures_for(service_type=service):
        forces = [MODEL.law_in(j, service).get(m.id) for j in chosen]
        marks[m.id] = (
            "required" if "required" in forces else "expected" if "expected" in forces else "voluntary"
        )
    return marks


def test_social_media_in_the_uk_and_the_eu_shows_what_is_required_and_why(browser, origin):
    v = Visit(browser, origin, "light")
    page = v.page
    try:
        v.open("/checklists/social-media/")
        form = page.locator("form[data-vp-law-form]")
        form.wait_for(state="visible")
        assert page.locator("article[data-vp-law-status]").count() == 0
        page.get_by_label("United Kingdom", exact=True).check()
        page.get_by_label("European Union", exact=True).check()
        page.wait_for_function(MARKED)
        assert page.url.endswith("?law=united-kingdom,european-union")
        got = page.eval_on_selector_all(
            "article.vp-measure[data-measure-id]",
            "as => Object.fromEntries(as.map(a => [a.dataset.measureId, a.dataset.vpLawStatus]))",
        )
        expected = _expected_marks("social-media", ["united-kingdom", "european-union"])
        assert got == expected
        assert "required" in got.values()
        assert "voluntary" in got.values()
        required = next(m for m, force in expected.items() if force == "required")
        mark = page.locator(f'article[data-measure-id="{required}"] .vp-law-mark')
        assert mark.text_content().startswith("Required in ")  # laid out or not (content-visibility)
        # Why: the measure's own line links the provisions.
        assert page.locator(f'article[data-measure-id="{required}"] .vp-law-line a').count() >= 1
        # Accessible with the marks and the summary shown, in both colour schemes.
        page.locator(".vp-law-summary__list summary").first.click()
        page.wait_for_function(LAID_OUT)
        for scheme in ("light", "dark"):
            v.switch(scheme)
            violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
            assert not violations, f"{scheme}: {format_violations(violations)}"
        counts = page.locator(".vp-law-summary__counts").inner_text()
        n_required = list(expected.values()).count("required")
        assert f"{n_required} of these {len(expected)} measures required by law" in counts
        # The choice is kept for the next checklist opened, and the address wins over it.
        page.goto(f"{origin}/checklists/messaging/")
        page.wait_for_function(MARKED)
        assert page.get_by_label("United Kingdom", exact=True).is_checked()
        page.goto(f"{origin}/checklists/messaging/?law=australia")
        page.locator("form[data-vp-law-form]").wait_for(state="visible")
        assert page.get_by_label("Australia", exact=True).is_checked()
        assert not page.get_by_label("United Kingdom", exact=True).is_checked()
        assert v.watch.problems() == []
    finally:
        v.close()


def test_on_the_combined_checklist_the_law_follows_the_service_types_chosen(browser, origin):
    page = browser.new_page()
    try:
        page.goto(f"{origin}/checklists/combined/?services=search&law=united-kingdom")
        page.wait_for_function(MARKED)
        shown = page.eval_on_selector_all(
            "article.vp-measure[data-measure-id]",
            "as => Object.fromEntries(as.filter(a => !a.closest('[hidden]')).map(a => [a.dataset.measureId, a.dataset.vpLawStatus]))",
        )
        assert shown == _expected_marks("search", ["united-kingdom"])
    finally:
        page.close()
