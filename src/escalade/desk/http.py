"""Small HTTP helpers shared by the desk's views."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect


def post_only_else_back_to(page: str, *keys: str) -> Callable:
    """A POST-only action that sends a GET back to its page instead of a 405.

    An action's URL stays in the address bar after a refused form; reloading
    it, or coming back to it later, should show the page, not an empty error.
    ``keys`` name the URL arguments the page takes from the action's URL.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                return redirect(page, *(kwargs[key] for key in keys))
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
