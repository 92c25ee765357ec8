"""A separate writer process for test_tallies' concurrency test (not a test module itself).

    DATABASE_URL=… python -m sewaka.surveys.tests.concurrent_writer PERIOD COUNT TAG GO_FILE SHARED ACTOR

Waits until GO_FILE exists (so both writers start together), then submits COUNT answers to PERIOD through
`response_submit` and, between them, flips the inclusion of the SHARED response as ACTOR — the other
writer flips the same response at the same time.
"""

import os
import sys
import time


def main(argv: list[str]) -> int:
    period_id, count, tag, go_file, shared_id, actor_id = argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from sewaka.surveys.ikm import UNSUR_KEYS
    from sewaka.surveys.models import Response, SurveyPeriod
    from sewaka.surveys.services import Submission, response_set_inclusion, response_submit

    period = SurveyPeriod.objects.get(pk=int(period_id))
    services = list(period.period_services.values_list("service_id", flat=True))
    actor = get_user_model().objects.get(pk=int(actor_id))
    deadline = time.monotonic() + 60
    while not os.path.exists(go_file):
        if time.monotonic() > deadline:
            return 2
        time.sleep(0.002)
    for i in range(int(count)):
        answers = {key: 1 + (i + j) % 4 for j, key in enumerate(UNSUR_KEYS)}
        if i % 5 == 0:
            answers["biaya"] = None
        response_submit(
            period=period,
            submission=Submission(
                answers=answers, service_id=services[i % len(services)], gender="LP"[i % 2], age=18 + i
            ),
            idempotency_key=f"{tag}-{i}",
            client_id=f"{tag}-{i}",
            ip=f"10.9.{i % 250}.{len(tag)}",
            duration_seconds=90,
        )
        if i % 3 == 0:
            shared = Response.objects.get(pk=int(shared_id))
            response_set_inclusion(response=shared, include=bool(i % 2), reason=f"{tag} {i}", actor=actor)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
