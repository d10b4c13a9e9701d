"""Read a plan document (.docx, .md, .txt or pasted text) into a proposal a person checks before saving.

proposal.py         the proposal: plain data, JSON round-trippable, no ORM
reading.py          document -> blocks (paragraphs with a heading/bullet hint, tables)
extract.py          blocks -> PlanProposal, using:
  header.py           number, date, issuer, title, documents implemented or supplemented, recipients
  prose.py            the outline by numbering; parties and timing per task, inherited from intros
  annex.py            tasks as rows of an annex table (Phụ lục)
  schedule.py         the reporting schedule from "Tổ chức thực hiện"
timing_phrases.py   "quý IV năm 2018" -> TimingProposal (or flagged, never guessed)
agency_matching.py  "Sở TT&TT" -> PartyMatch against agencies, groups and their aliases
reporting_duties.py "định kỳ 06 tháng, năm ..." -> ReportingProposal
editing.py, forms.py  what the preview page does to a proposal (merge, split, edit)
outline.py          a proposal as text lines (manage.py import_plan)
saving.py           PlanProposal -> tasks.importer spec -> saved Plan
"""
