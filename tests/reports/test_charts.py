from datetime import date

from django.template import Context, Template

from escalade.reports.charts import Series, lines_chart


def test_queue_chart_draws_its_lines_in_a_template():
    chart = lines_chart(
        "queue",
        [
            Series("waiting", [(date(2025, 12, 1), 1.0), (date(2025, 12, 2), 3.0)]),
            Series("in progress", [(date(2025, 12, 1), 0.0), (date(2025, 12, 2), 2.0)]),
        ],
    )

    page = Template("{{ chart }}").render(Context({"chart": chart}))

    assert page.count("<polyline") == 2
    assert "&lt;polyline" not in page
