"""Read a plan document (.docx, .md, .txt or pasted text) into a proposal a person checks before saving.

reading.py       document -> blocks (headings, paragraphs, bullets, table rows)
extract.py       blocks -> PlanProposal (header, task tree, reporting schedule)
timing_phrases   "quý IV năm 2018" -> TimingProposal
agency_matching  "Sở TT&TT" -> PartyMatch against the registry and its aliases
reporting_duties "định kỳ 06 tháng, năm ..." -> ReportingProposal
saving.py        PlanProposal -> tasks.importer spec -> saved Plan
"""
