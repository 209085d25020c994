"""The GitHub Actions workflows and the pre-commit hooks: pinned, least privilege, and zizmor-clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
FRESHNESS = WORKFLOWS / "freshness.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
# zizmor is installed into the same virtual environment as the interpreter running the tests.
ZIZMOR = Path(sys.executable).parent / "zizmor"

# `uses: owner/repo[/path]@<full commit SHA> # v<version>`, all on one line.
PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s+[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s]+)?@[0-9a-f]{40}\s+#\s+v\d\S*\s*$"
)
PINNED_REF = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s]+)?@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` mapping; YAML 1.1 (PyYAML) reads the bare key `on` as True."""
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), f"`on:` should be a mapping, got {on!r}"
    return on


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def uses_of(workflow: dict, action: str) -> list[dict]:
    return [step for _, step in steps(workflow) if step.get("uses", "").split("@")[0] == action]


def run_steps(workflow: dict) -> list[str]:
    return [step["run"] for _, step in steps(workflow) if "run" in step]


@pytest.fixture(scope="module", params=sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def workflow_file(request) -> Path:
    return request.param


def test_zizmor_reports_nothing():
    assert ZIZMOR.exists(), f"zizmor is not installed next to {sys.executable}: run `make test`"
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--format", "json", str(ROOT / ".github")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"zizmor exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    findings = json.loads(result.stdout)
    assert findings == [], json.dumps(findings, indent=2)


def test_top_level_permissions_are_empty(workflow_file):
    assert load(workflow_file)["permissions"] == {}


def test_every_job_declares_its_permissions(workflow_file):
    for job_id, job in load(workflow_file)["jobs"].items():
        assert "permissions" in job, f"{workflow_file.name}: job {job_id} does not declare permissions"


def test_every_uses_line_is_pinned_to_a_commit_with_a_version_comment(workflow_file):
    lines = [line for line in workflow_file.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines, f"{workflow_file.name} uses no actions"
    for line in lines:
        assert PINNED_USES.match(line), f"{workflow_file.name}: not `owner/repo@<sha> # v...`: {line}"


def test_every_parsed_uses_is_a_full_sha(workflow_file):
    for job_id, step in steps(load(workflow_file)):
        if "uses" in step:
            assert PINNED_REF.match(step["uses"]), f"{workflow_file.name}/{job_id}: {step['uses']}"


def test_checkout_never_persists_credentials(workflow_file):
    checkouts = uses_of(load(workflow_file), "actions/checkout")
    assert checkouts, f"{workflow_file.name} does not check out the repository"
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, step


def test_ci_runs_make_test_on_push_and_pull_request():
    ci = load(CI)
    assert {"push", "pull_request"} <= set(triggers(ci))
    assert any(re.search(r"(^|\s)make test(\s|$)", run) for run in run_steps(ci))
    for job_id, job in ci["jobs"].items():
        assert job["permissions"] == {"contents": "read"}, job_id
    python = uses_of(ci, "actions/setup-python")
    assert [step["with"]["python-version"] for step in python] == ["3.11"]


def test_deploy_only_runs_on_push_to_main_or_by_hand():
    on = triggers(load(DEPLOY))
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}


def test_deploy_builds_and_publishes_with_the_pages_actions():
    deploy = load(DEPLOY)
    jobs = deploy["jobs"]
    assert set(jobs) == {"build", "deploy"}
    assert deploy["concurrency"]["group"] == "pages"

    build = jobs["build"]
    assert build["permissions"]["contents"] == "read"
    assert not {scope for scope, level in build["permissions"].items() if level == "write"}
    assert any(re.search(r"(^|\s)make build(\s|$)", step.get("run", "")) for step in build["steps"])
    build_step = next(step for step in build["steps"] if "make build" in step.get("run", ""))
    assert build_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert build_step["env"]["SITE_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert any(step.get("id") == "pages" for step in uses_of(deploy, "actions/configure-pages"))
    upload = uses_of(deploy, "actions/upload-pages-artifact")
    assert [step["with"]["path"] for step in upload] == ["site"]

    publish = jobs["deploy"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in publish["steps"]] == ["actions/deploy-pages"]


def test_no_caches_in_the_workflows(workflow_file):
    """Caches in a publishing workflow invite cache poisoning (zizmor's cache-poisoning audit)."""
    for job_id, step in steps(load(workflow_file)):
        assert not step.get("uses", "").startswith("actions/cache"), job_id
        assert "cache" not in step.get("with", {}), f"{workflow_file.name}/{job_id}: {step}"


def test_pre_commit_runs_ruff_validation_and_zizmor_locally():
    config = load(PRE_COMMIT)
    repos = config["repos"]
    assert [repo["repo"] for repo in repos] == ["local"], "pre-commit cannot reach GitHub: local hooks only"
    hooks = [hook for repo in repos for hook in repo["hooks"]]
    for hook in hooks:
        assert hook["language"] == "system", hook["id"]
        assert hook["entry"].startswith(".venv/bin/"), hook["id"]
    entries = [hook["entry"] for hook in hooks]
    assert any("ruff check" in entry for entry in entries)
    assert any("ruff format --check" in entry for entry in entries)
    assert any("vpguide validate" in entry for entry in entries)
    assert any("zizmor --offline .github" in entry for entry in entries)


def test_freshness_runs_weekly_and_fails_on_stale_entries():
    workflow = load(FRESHNESS)
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert len(on["schedule"]) == 1
    assert on["schedule"][0]["cron"].split()[4] != "*", "weekly: one day of the week"
    assert any("make validate-strict" in run for run in run_steps(workflow))


def test_dependabot_updates_pip_and_actions_with_a_cooldown():
    config = load(ROOT / ".github" / "dependabot.yml")
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    for update in ecosystems.values():
        assert update["cooldown"]["default-days"] >= 7


def test_link_check_runs_weekly():
    workflow = load(WORKFLOWS / "links.yml")
    assert set(triggers(workflow)) == {"schedule", "workflow_dispatch"}
    assert any("make check-links" in run for run in run_steps(workflow))
