"""The office's register of 定性依据 (issue: 17 seeded clauses and no way to change them)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import BasisClause

LIST = "inspections:basis_list"


def _add(by, source="中国共产党问责条例", article="第七条",
         excerpt="党组织和领导干部应当予以问责的情形"):
    return services.basis_clause_save(by=by, source=source, article=article, excerpt=excerpt)


@pytest.mark.django_db
def test_the_office_adds_a_clause_on_the_page_and_finds_it(client, office_staff):
    client.force_login(office_staff)
    page = client.get(reverse(LIST))
    assert reverse("inspections:basis_create") in page.text  # the way in, from the list
    saved = client.post(reverse("inspections:basis_create"), {
        "source": "《中国共产党问责条例》", "article": " 第七条 ", "excerpt": "应当予以问责的情形"},
        follow=True)
    clause = BasisClause.objects.get(article="第七条")
    assert clause.source == "中国共产党问责条例"  # 《》 belong to the display
    assert "定性依据已添加" in saved.text and str(clause) == "《中国共产党问责条例》第七条"
    found = client.get(reverse(LIST), {"q": "问责 情形"})
    assert [c.pk for c in found.context["page"]] == [clause.pk]
    assert list(client.get(reverse(LIST), {"q": "问责 采矿"}).context["page"]) == []


@pytest.mark.django_db
def test_a_clause_already_in_the_register_is_refused_with_what_was_typed(client, office_staff):
    _add(office_staff)
    client.force_login(office_staff)
    refused = client.post(reverse("inspections:basis_create"), {
        "source": "中国共产党问责条例", "article": "第七条", "excerpt": "我刚写的概括"})
    assert refused.status_code == 200
    assert "《中国共产党问责条例》第七条已在依据库中" in refused.text
    assert "我刚写的概括" in refused.text
    assert BasisClause.objects.filter(article="第七条").count() == 1


@pytest.mark.django_db
def test_only_the_office_keeps_the_register(client, team_member, leadership_member,
                                            office_staff, basis_clause):
    for person in (team_member, leadership_member):
        with pytest.raises(PermissionDenied):
            _add(person)
        with pytest.raises(PermissionDenied):
            services.basis_clause_retire(clause=basis_clause, by=person, reason="废止",
                                         expected_version=basis_clause.version)
    client.force_login(team_member)
    # A team member reads the register (they cite it) but is offered nothing to change.
    page = client.get(reverse("inspections:basis_detail", args=[basis_clause.pk]))
    assert page.status_code == 200 and 'data-action="retire"' not in page.text
    assert client.post(reverse("inspections:basis_create"), {
        "source": "甲", "article": "乙", "excerpt": "丙"}).status_code == 403
    assert not BasisClause.objects.filter(source="甲").exists()


@pytest.mark.django_db
def test_two_edits_of_one_clause_never_overwrite_each_other(office_staff, office_director,
                                                            basis_clause):
    seen = basis_clause.version
    services.basis_clause_save(by=office_director, clause=basis_clause,
                               source=basis_clause.source, article=basis_clause.article,
                               excerpt="主任改的", expected_version=seen)
    with pytest.raises(ValidationError) as stale:
        services.basis_clause_save(by=office_staff, clause=basis_clause,
                                   source=basis_clause.source, article=basis_clause.article,
                                   excerpt="联络员改的", expected_version=seen)
    assert stale.value.code == "stale"
    basis_clause.refresh_from_db()
    assert basis_clause.excerpt == "主任改的"


@pytest.mark.django_db
def test_retiring_needs_a_reason_and_keeps_the_findings_that_cite_it(
        client, office_staff, finding, notified, team_member, basis_clause):
    with pytest.raises(ValidationError, match="说明"):
        services.basis_clause_retire(clause=basis_clause, by=office_staff, reason="  ",
                                     expected_version=basis_clause.version)
    client.force_login(office_staff)
    client.post(reverse("inspections:basis_retire", args=[basis_clause.pk]),
                {"reason": "已被2024年修订版废止", "version": basis_clause.version})
    basis_clause.refresh_from_db()
    assert basis_clause.retired_at is not None
    assert basis_clause.retire_reason == "已被2024年修订版废止"
    # Off the default list, on the list of retired ones.
    assert basis_clause not in client.get(reverse(LIST)).context["page"]
    assert basis_clause in client.get(reverse(LIST), {"state": "retired"}).context["page"]
    # A new finding is not offered it, and the service refuses it.
    client.force_login(team_member)
    new = client.get(reverse("inspections:finding_create", args=[notified.pk]))
    assert basis_clause not in new.context["form"].fields["basis"].queryset
    with pytest.raises(ValidationError, match="已停用，不能新引用"):
        services.finding_save(inspection=notified, by=team_member, title="新问题",
                              content_area="political", facts="事实", basis=[basis_clause])
    # The finding that cited it keeps it, on the page and when edited.
    edit = client.get(reverse("inspections:finding_edit", args=[finding.pk]))
    assert basis_clause in edit.context["form"].fields["basis"].queryset
    kept = services.finding_save(inspection=notified, by=team_member, finding=finding,
                                 expected_version=finding.version, basis=[basis_clause],
                                 title=finding.title)
    assert list(kept.basis.all()) == [basis_clause]


@pytest.mark.django_db
def test_a_retired_clause_is_put_back_in_force_and_the_history_says_who(
        client, office_staff, office_director, basis_clause):
    services.basis_clause_retire(clause=basis_clause, by=office_director, reason="暂停使用",
                                 expected_version=basis_clause.version)
    basis_clause.refresh_from_db()
    with pytest.raises(ValidationError) as retired:  # edited only while in force
        services.basis_clause_save(by=office_staff, clause=basis_clause, source="甲",
                                   article="乙", excerpt="丙",
                                   expected_version=basis_clause.version)
    assert retired.value.code == "retired"
    client.force_login(office_staff)
    client.post(reverse("inspections:basis_restore", args=[basis_clause.pk]),
                {"version": basis_clause.version})
    basis_clause.refresh_from_db()
    assert basis_clause.retired_at is None and basis_clause.retire_reason == ""
    with pytest.raises(ValidationError) as again:
        services.basis_clause_restore(clause=basis_clause, by=office_staff,
                                      expected_version=basis_clause.version)
    assert again.value.code == "in_force"
    page = client.get(reverse("inspections:basis_detail", args=[basis_clause.pk]))
    history = [(str(row.user), str(row.reason)) for row in page.context["history"]]
    assert history[:2] == [(str(office_staff), "恢复有效"), (str(office_director), "停用")]


@pytest.mark.django_db
def test_the_register_lists_in_constant_queries_and_pages(client, office_staff,
                                                          django_assert_max_num_queries):
    for n in range(30):
        _add(office_staff, article=f"第{n + 1}条")
    client.force_login(office_staff)
    with django_assert_max_num_queries(12):
        first = client.get(reverse(LIST))
    assert len(first.context["page"]) == 25
    second = client.get(reverse(LIST), {"page": 2})
    assert len(second.context["page"]) == BasisClause.objects.filter(
        retired_at__isnull=True).count() - 25
