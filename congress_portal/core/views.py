from django.shortcuts import redirect, render


def index(request):
    """The public front page; people who are logged in go to their workbench."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return render(request, "core/index.html")
