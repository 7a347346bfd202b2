"""The printable plan as a PDF, made on the server with fpdf2: A4, large plain type, her
words exactly as written (any script: DejaVu Sans with text shaping for right-to-left and
joined scripts, and the system's colour emoji font where it has one)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from strengthsapp.i18n import _
from strengthsapp.services.take_home import GoalPart, PlanDocument

FONTS = Path(__file__).resolve().parent.parent / "fonts"
EMOJI_FONTS = (
    Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/noto/NotoColorEmoji.ttf"),
)
FAMILY = "DejaVu"
BODY = 12
LINE = 6.5  # mm per line of body text


class PlanPDF(FPDF):
    def __init__(self, document: PlanDocument) -> None:
        super().__init__(format="A4")
        self.document = document
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        emoji = next((path for path in EMOJI_FONTS if path.exists()), None)
        if emoji is not None:
            self.add_font("Emoji", "", str(emoji))
            self.set_fallback_fonts(["Emoji"], exact_match=False)
        self.set_text_shaping(True)
        self.set_lang(document.language)
        self.set_title(_("My plan") + f" · {document.client_name}")
        self.set_author(document.client_name)
        self.set_creator("strengthsapp")
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, _("{name}'s plan · made on {day} · page {page}", name=self.document.client_name,
                          day=self.document.made_on, page=self.page_no()), align="C")  # fmt: skip
        self.set_text_color(0, 0, 0)

    def write_lines(self, text: str, *, size: float = BODY, bold: bool = False, indent: float = 0) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.55, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str, *, size: float = 16) -> None:
        if self.get_y() > self.h - 50:  # a heading never ends a page alone
            self.add_page()
        self.ln(3)
        self.write_lines(text, size=size, bold=True)
        self.ln(1)

    def goal(self, goal: GoalPart) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.write_lines(goal.text, size=13, bold=True)
        facts = [part for part in (goal.domain, _("By {day}", day=goal.by_when) if goal.by_when else "",
                                   _("Reached on {day}", day=goal.reached_on) if goal.reached_on else "") if part]  # fmt: skip
        if facts:
            self.write_lines(" · ".join(facts), size=10)
        if goal.why:
            self.write_lines(_("Why it matters to me: {why}", why=goal.why))
        for step in goal.steps:
            when = _("by {day}", day=step.by_when) if step.by_when and not step.done else ""
            done = _("done") if step.done else ""
            self.write_lines(f"{'☑' if step.done else '☐'}  {step.text}", indent=4)
            self.write_lines(" · ".join(part for part in (step.who, when, done) if part), size=10, indent=10)
        if goal.strengths:
            self.write_lines(
                _("Strengths I use: {names}", names="; ".join(goal.strengths)), size=11, indent=4
            )
        if goal.resources:
            self.write_lines(_("People and places that help: {names}", names="; ".join(goal.resources)),
                             size=11, indent=4)  # fmt: skip
        self.ln(3)


def plan_pdf(document: PlanDocument) -> bytes:
    pdf = PlanPDF(document)
    pdf.add_page()
    pdf.write_lines(_("My plan"), size=22, bold=True)
    pdf.write_lines(_("{name} · {day}", name=document.client_name, day=document.made_on), size=11)
    if document.is_empty:
        pdf.ln(4)
        pdf.write_lines(_("There are no goals in this plan yet."))
    for section in document.sections:
        if not section.goals:
            continue
        pdf.heading(section.heading)
        for goal in section.goals:
            pdf.goal(goal)
    if document.strengths:
        pdf.heading(_("My strengths"))
        for group in document.strengths:
            pdf.write_lines(group.domain, size=13, bold=True)
            for column, words in group.columns:
                pdf.write_lines(column, size=11, bold=True, indent=4)
                for text in words:
                    pdf.write_lines(f"•  {text}", indent=8)
            pdf.ln(2)
    if document.people:
        pdf.heading(_("People and places in my life"))
        for person in document.people:
            pdf.write_lines(f"{person.name} · {person.kind}", bold=True)
            if person.how_to_reach:
                pdf.write_lines(person.how_to_reach, indent=4)
            pdf.ln(1)
    return bytes(pdf.output())
