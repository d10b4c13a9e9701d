from django.http import HttpRequest

from agencies import roles


def portal(request: HttpRequest) -> dict:
    """Role flags the base layout uses to build the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_role": roles.role_of(user),
        "user_can_submit": roles.can_submit(user),
        "user_can_review": roles.can_review(user),
        "user_can_view_all": roles.can_view_all(user),
    }
