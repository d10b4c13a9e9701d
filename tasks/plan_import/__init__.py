"""Read a plan document (.docx, .md, .txt or pasted text) into a proposal a person checks before saving.

proposal.py         the proposal: plain data, JSON round-trippable, no ORM
reading.py          document -> blocks (paragraphs with a heading/bullet hint, tables)
extract.py          blocks -> PlanProposal, using:
  header.py           number, date, issuer, title, documents implemented or supplemented, recipients
  numbering.py        the outline by numbering (sections, items, "1.1.", "a)", bullets) and field lines
  prose.py            parties and timing per task: from headings, field lines, sentences; inherited
  fields.py           field lines "Đơn vị chủ trì: …", "Thời gian thực hiện: …" and field items
  annex.py            tasks as rows of a task table (Phụ lục, Danh mục, or set in a section)
  html_tables.py      HTML tables in Markdown: spans rebuilt, two-row headers joined
  schedule.py         the reporting schedule from "Tổ chức thực hiện"
timing_phrases.py   "quý IV năm 2018" -> TimingProposal (or flagged, never guessed)
timing_cells.py     a cell or clause saying more than a timing: its parts agree on one
agency_matching.py  "Sở TT&TT" -> PartyMatch against agencies, groups and their aliases
name_keys.py        how names compare (case, tone placement, "UBND" = "Ủy ban nhân dân")
evaluation.py       a proposal scored against a hand-made truth (manage.py evaluate_import)
reporting_duties.py "định kỳ 06 tháng, năm ..." -> ReportingProposal
editing.py, forms.py  what the preview page does to a proposal (merge, split, edit)
outline.py          a proposal as text lines (manage.py import_plan)
saving.py           PlanProposal -> tasks.importer spec -> saved Plan
"""
