"""Plain-language names of audit actions, for the owner's log.

An action is recorded as a short code, `[api.]<what>.<verb>` (`progress.view`,
`api.report.physician`, `intake.bone`), or one word (`denied`). The page shows "what — verb" in
the reader's language; a code with a part not listed here is shown as it was recorded.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

WHAT: dict[str, Promise] = {
    "assessment": _("Assessment"),
    "assignment": _("Trainer assignment"),
    "clearance": _("Medical clearance"),
    "client": _("Client record"),
    "counseling": _("Counseling request"),
    "dxa": _("DXA result"),
    "flag": _("Safety flag"),
    "fracture": _("Fracture history"),
    "home_session": _("Home practice"),
    "intake": _("Intake"),
    "nutrition": _("Food check"),
    "portal": _("Client portal"),
    "profile": _("Profile"),
    "program": _("Program"),
    "progress": _("Progress"),
    "report": _("Report"),
    "reports": _("Reports"),
    "sleep": _("Sleep log"),
    "test": _("Functional test"),
    "workout": _("Session log"),
}

VERB: dict[str, Promise] = {
    "add": _("added"),
    "check": _("checked"),
    "create": _("created"),
    "csv": _("CSV export"),
    "edit": _("edited"),
    "end": _("ended"),
    "finish": _("finished"),
    "generate": _("generated"),
    "list": _("list viewed"),
    "log": _("logged"),
    "log_set": _("set logged"),
    "open": _("opened"),
    "outlook": _("bone-density outlook viewed"),
    "pain": _("pain recorded"),
    "physician": _("physician summary (PDF)"),
    "print": _("printed"),
    "raise": _("raised"),
    "refresh": _("recalculated"),
    "remove": _("removed"),
    "resolve": _("resolved"),
    "start": _("started"),
    "summary": _("client summary (PDF)"),
    "swap": _("exercise swapped"),
    "view": _("viewed"),
}

INTAKE_SECTION: dict[str, Promise] = {
    "basics": _("basic details saved"),
    "bone": _("bone details saved"),
    "falls": _("falls saved"),
    "health": _("health saved"),
    "training": _("training background saved"),
}

SINGLE: dict[str, Promise] = {"denied": _("Access refused")}


def action_label(code: str) -> str:
    """The action in the active language, or the code itself when a part is unknown."""
    if code in SINGLE:
        return str(SINGLE[code])
    via_api = code.startswith("api.")
    what, _dot, verb = code.removeprefix("api.").partition(".")
    subject = WHAT.get(what)
    done = INTAKE_SECTION.get(verb) if what == "intake" else VERB.get(verb)
    if subject is None or done is None:
        return code
    label = gettext("%(what)s — %(done)s") % {"what": subject, "done": done}
    return gettext("%(label)s (API)") % {"label": label} if via_api else label
