import threading

import pytest
from django.db import connection, connections, transaction

from documents.models import DocumentType
from documents.services import document_number_issue


@pytest.mark.django_db
def test_numbers_run_per_type_and_year_without_gaps():
    with transaction.atomic():
        issued = [document_number_issue(doc_type=DocumentType.NOTICE, year=2026)
                  for _ in range(3)]
        other = document_number_issue(doc_type=DocumentType.CLUE_TRANSFER, year=2026)
        next_year = document_number_issue(doc_type=DocumentType.NOTICE, year=2027)
    assert issued == ["青自然资巡〔2026〕1号", "青自然资巡〔2026〕2号", "青自然资巡〔2026〕3号"]
    assert other == "青自然资巡移〔2026〕1号" and next_year == "青自然资巡〔2027〕1号"


@pytest.mark.django_db
def test_a_rolled_back_document_gives_its_number_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        document_number_issue(doc_type=DocumentType.NOTICE, year=2026)
        raise RuntimeError("the notice failed validation")
    with transaction.atomic():
        assert document_number_issue(doc_type=DocumentType.NOTICE, year=2026).endswith("〕1号")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issue_gives_no_duplicates_and_no_gaps():
    barrier, numbers, errors = threading.Barrier(8), [], []

    def issue():
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(document_number_issue(doc_type=DocumentType.NOTICE,
                                                         year=2026))
        except Exception as error:  # reported below; a thread cannot fail the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(numbers, key=lambda n: int(n.split("〕")[1][:-1])) == [
        f"青自然资巡〔2026〕{n}号" for n in range(1, 41)]
