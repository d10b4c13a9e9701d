"""How plan sentences put who and what: "X chủ trì, phối hợp với Y <action> ...", and short titles from them."""

from __future__ import annotations

import re

# Not the noun "cơ quan chủ trì", "đơn vị chủ trì" (the lead body, as a thing spoken of).
LEAD_MARK = re.compile(r"(?<!cơ quan )(?<!đơn vị )\bchủ trì\b", re.IGNORECASE)
COORDINATION_MARK = re.compile(r"^[\s,]*phối hợp (?:với|cùng)\s+", re.IGNORECASE)
# What a sentence's subject (its parties) is followed by: the start of what they must do.
# Lower case only: agency names are capitalised ("Sở Xây dựng" is a party, "xây dựng" a verb).
ACTION_START = re.compile(
    r"(?<!các )(?<!cơ quan, )(?<!quá )\b(?:trong quá trình|tham mưu|tổ chức|triển khai|thực hiện|nghiên cứu|"
    r"xây dựng|làm tốt|hoàn thiện|"
    r"rà soát|ban hành|trình|theo dõi|hướng dẫn|kiểm tra|đề xuất|ứng dụng|thiết lập|tuyên truyền|đánh giá|"
    r"theo chức năng|có trách nhiệm|chịu trách nhiệm|cụ thể hóa|tập trung|khẩn trương|chỉ đạo|báo cáo|"
    r"tăng cường|đẩy mạnh|quán triệt|cân đối|bố trí|trong việc|nhằm|để|"
    # Verbs of commune and ministry plans, which put their units straight before the action.
    r"(?<!độc )lập|cung cấp|cập nhật|làm sạch|hỗ trợ|vận động|giám sát|bảo đảm|tổng hợp|sơ kết|tổng kết|"
    r"đôn đốc|phổ biến|khảo sát|điều tra|thống kê|kiểm kê|đưa|nạo vét|lắp đặt|cấp nước|trồng|"
    # More verbs that follow a subject directly; "đầu tư" not where it is a noun ("nhà đầu tư", "dự án đầu tư").
    r"thẩm định|xử lý|giải quyết|phát huy|phát động|lãnh đạo|biên soạn|tập huấn|phân bổ|huy động|thu hút|"
    r"tiếp nhận|công bố|xác định|đẩy nhanh|nâng cao|sửa đổi|san lấp|san tạo|vận hành|xác minh|tích hợp|"
    r"đăng tải|triệu tập|định hướng|"
    r"(?<!nhà )(?<!chủ )(?<!Nhà )(?<!Chủ )(?<!dự án )(?<!quỹ )(?<!vốn )đầu tư|"
    # The copula that says the subject's role: "Sở X là cơ quan thường trực, có trách nhiệm …".
    r"là (?:cơ quan|đơn vị|đầu mối))\b"
)
# Words that start what a subject does and never sit inside a name, so a name written before them ends there:
# "Phòng Nội vụ tham mưu Hội đồng Thi đua huyện thực hiện:", "Đồng chí Chủ tịch chịu trách nhiệm chỉ đạo chung".
CLAUSE_START = re.compile(
    r"(?<!được phân công )\b(?:tham mưu(?!,)|(?:có|chịu) trách nhiệm|thực hiện|triệu tập|đăng tải|trực tiếp|"
    r"hướng dẫn|triển khai|đôn đốc|theo dõi)\b"
)
RESPONSIBLE_START = re.compile(r"^(?:có|chịu) trách nhiệm\s+", re.IGNORECASE)
TITLE_LIMIT = 160


def until_action(clause: str) -> str:
    """The clause up to the start of what its subject does; a verb inside brackets is part of a name
    ("Sở, Ngành (cơ quan đăng ký đầu tư) trong việc …")."""
    for match in ACTION_START.finditer(clause):
        if clause.count("(", 0, match.start()) <= clause.count(")", 0, match.start()):
            return clause[: match.start()].strip(" ,")
    return clause.strip(" ,")


def name_part(text: str) -> str:
    """The words before the first verb that cannot sit inside a name (outside brackets): the subject's name."""
    for match in CLAUSE_START.finditer(text):
        if text.count("(", 0, match.start()) <= text.count(")", 0, match.start()):
            return text[: match.start()].strip(" ,")
    return text.strip(" ,")


def short_title(text: str, limit: int = TITLE_LIMIT) -> str:
    """What the task is, without who does it or when: the action up to the first stop."""
    sentence = text.split("\n", 1)[0]
    if lead := LEAD_MARK.search(sentence):
        rest = sentence[lead.end() :]
        if coordination := COORDINATION_MARK.match(rest):
            rest = rest[coordination.end() :]
        action = ACTION_START.search(rest)
        sentence = rest[action.start() :] if action else rest
    sentence = RESPONSIBLE_START.sub("", sentence.strip(" ,"))
    sentence = re.split(r"\s*\(|;|:|\.(?:\s|$)", sentence, maxsplit=1)[0].strip(" ,")
    return clip(sentence[:1].upper() + sentence[1:], limit)


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;") + "…"
