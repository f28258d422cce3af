"""The office's papers (Art 8 (1), (5)): rules, briefings, speeches, summaries, appointments."""

from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from config.paging import paginate
from config.viewutils import form_page, run_service
from deadlines import clock
from documents.uploads import checked_download

from . import access, services
from .actions import PAPER_ACTIONS
from .forms import PaperForm, PaperSearchForm


def paper_list(request):
    access.ensure(access.sees_office_papers(request.user))
    papers = access.papers_visible_to(request.user)
    search = PaperSearchForm(request.GET or None)
    if search.is_valid():
        data = search.cleaned_data
        for word in data["q"].split():
            papers = papers.filter(Q(title__icontains=word) | Q(document_number__icontains=word))
        if data["kind"]:
            papers = papers.filter(kind=data["kind"])
        if data["year"]:
            papers = papers.filter(year=data["year"])
    return render(request, "inspections/paper_list.html", {
        "page": paginate(request, papers), "search": search,
    })


def paper_create(request):
    action = PAPER_ACTIONS.ensure_allowed(request.user, "create")
    today = clock.today()
    form = PaperForm(request.POST or None, request.FILES or None,
                     initial={"dated_on": today, "year": today.year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        if run_service(request, form, lambda: services.paper_record(
                by=request.user, upload=upload, **data), success=action.done):
            return redirect(f"{reverse('inspections:paper_list')}?kind={data['kind']}")
    return form_page(request, form, _("Add a paper of the office"),
                     reverse("inspections:paper_list"), action=action)


def paper_download(request, pk):
    paper = access.get_paper_for_user(request.user, pk)
    return checked_download(request, paper, target=f"office_paper:{paper.pk}")
