"""Portal Universe inventory shared by the dashboard files: services, their Prometheus job names, folder."""

from monitoring_as_code.grafana import Folder

#: Spring Boot services; the Prometheus job name equals the service name.
SERVICES = (
    "api-gateway",
    "auth-service",
    "blog-service",
    "shopping-service",
    "notification-service",
    "config-service",
)

#: Data stores and the exporter job scraping each.
DATASTORE_JOBS = {
    "mysql": "mysql-exporter",
    "mongodb": "mongodb-exporter",
    "redis": "redis-exporter",
    "kafka": "kafka-exporter",
    "elasticsearch": "elasticsearch-exporter",
}

FOLDER = Folder(uid="portal-universe", title="Portal Universe")

#: Every dashboard links to the others through this tag.
TAG = "portal-universe"
LINKS = [{"title": "Portal Universe", "type": "dashboards", "tags": [TAG], "asDropdown": True, "includeVars": False,
          "keepTime": True}]

#: Matches every Portal Universe service job in one selector.
SERVICE_JOBS_REGEX = "|".join(SERVICES)

#: Business metrics of shopping-service (Micrometer counters, Prometheus names).
ORDERS_METRIC = "shopping_orders_total"  # label status: created, paid, cancelled
PAYMENTS_METRIC = "shopping_payments_total"  # label result: success, failure
COUPON_ISSUES_METRIC = "shopping_coupon_issues_total"  # label result: success, failure
