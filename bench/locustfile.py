"""
The baseline load as a Locust test, rebuilt from the traffic spec (the five
user types with their weights, tasks, task weights and think times), for the
benchmark's comparison with the pack (bench/run.ts, part "locust").

    locust -f bench/locustfile.py --headless -u 100 -r 10 -t 60s \
        -H http://127.0.0.1:PORT --only-summary

Written for Debian's python3-locust (2.12) and its HttpUser (python-requests,
one keep-alive session per user). Like the pack:
- any 2xx final answer is a success (redirects followed); POST /api/leads must
  answer 201 with the new lead's id, the dashboard 200;
- each user keeps the leads it created, at most MAX_OWNED_LEADS (the oldest
  is forgotten), reads, updates and deletes only those (deletes only while it
  holds more than 5); with none yet it reads a lead no load user created;
- requests are named as the pack names them (GET /api/leads/{id}).

User-Agent: the reference backend counts a request as load only when its
User-Agent contains "Artillery" (reference-backend/ledger.ts). This file sends
USER_AGENT below so the backend's ledger counts Locust's requests the same
way as the pack's: the benchmark divides CPU by that count for every
generator.

BENCH_USAGE_FILE set: at exit the process writes its own CPU time and peak
RSS there, as bench/usage-preload.cjs does for Artillery.
"""
import atexit
import json
import os
import random
import resource
import uuid
from datetime import datetime, timedelta, timezone

from locust import HttpUser, between, task

USER_AGENT = "locust-bench (counted as Artillery load by the reference backend)"
EMAIL_DOMAIN = os.environ.get("LOADTEST_EMAIL_DOMAIN", "crm-loadtest.test")
LOAD_EMAIL_HOST = "vu." + EMAIL_DOMAIN
MAX_OWNED_LEADS = int(os.environ.get("LOADTEST_MAX_OWNED_LEADS", "25"))

FIRST_NAMES = ["John", "Mary", "James", "Patricia", "Robert", "Linda", "Michael", "Susan"]
LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson"]
LEAD_SOURCES = ["Google LSA", "Facebook Ads", "Website", "Referral", "Insurance Agent"]
LEAD_CITIES = ["Birmingham", "Bloomfield Hills", "Troy", "Rochester Hills"]
LEAD_LIST_STATUSES = ["new", "contacted", "qualified", "converted"]
LEAD_UPDATE_STATUSES = ["contacted", "qualified", "proposal_sent"]
SEARCH_TERMS = ["roof", "insurance", "Birmingham", "urgent", "John"]
PROJECT_STATUSES = ["in_progress", "completed", "approved"]
NOTES = ["Customer asked for a quote", "Follow up next week", "Roof inspection booked", "Insurance claim pending"]


def _write_usage():
    path = os.environ.get("BENCH_USAGE_FILE")
    if not path:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(path, "w") as out:
        cpu = {"userCpuUs": usage.ru_utime * 1e6, "systemCpuUs": usage.ru_stime * 1e6}
        json.dump({**cpu, "maxRssKb": usage.ru_maxrss}, out)


atexit.register(_write_usage)


def new_lead():
    first, last = random.choice(FIRST_NAMES), random.choice(LAST_NAMES)
    return {
        "first_name": first,
        "last_name": last,
        "email": f"{first}.{last}.locust-{uuid.uuid4().hex[:12]}@{LOAD_EMAIL_HOST}".lower(),
        "phone": f"248-555-{random.randint(0, 9999):04d}",
        "source": random.choice(LEAD_SOURCES),
        "city": random.choice(LEAD_CITIES),
        "state": "MI",
        "zip_code": "48009",
        "status": "new",
    }


def lead_update(status=None):
    return {
        "status": status or random.choice(LEAD_UPDATE_STATUSES),
        "notes": "Load test follow-up: " + random.choice(NOTES),
    }


def listed(response, collection):
    """The list in an answer: a bare array, or under data / data.items / items / results / the collection's name."""
    try:
        body = response.json()
    except ValueError:
        return []
    if isinstance(body, list):
        return body
    if not isinstance(body, dict):
        return []
    data = body.get("data")
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        return data["items"]
    for key in ("items", "results", collection):
        if isinstance(body.get(key), list):
            return body[key]
    return []


def created_id(response):
    try:
        body = response.json()
    except ValueError:
        return None
    for path in (("id",), ("data", "id"), ("lead", "id"), ("data", "lead", "id")):
        value = body
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            return value
    return None


class CrmUser(HttpUser):
    abstract = True

    def on_start(self):
        self.client.headers["User-Agent"] = USER_AGENT
        self.owned = []

    def call(self, method, url, name, expect=None, need_id=False, **kwargs):
        """
        One request; any 2xx is a success, or exactly `expect` where the guide
        names a code; with need_id, the answer must carry the new record's id.
        Returns the response when it succeeded, else None.
        """
        with self.client.request(method, url, name=name, catch_response=True, **kwargs) as response:
            ok = response.status_code == expect if expect else 200 <= response.status_code < 300
            if not ok:
                response.failure(f"http_{response.status_code}")
            elif need_id:
                response.new_id = created_id(response)
                if response.new_id is None:
                    response.failure("expectation: no id in the answer")
                    ok = False
                else:
                    response.success()
            else:
                response.success()
            return response if ok else None

    def create_lead(self):
        response = self.call("POST", "/api/leads", "POST /api/leads", expect=201, need_id=True, json=new_lead())
        if response is None:
            return None
        lead_id = response.new_id
        self.owned.append(lead_id)
        del self.owned[:-MAX_OWNED_LEADS]
        return lead_id

    def dashboard(self):
        self.call("GET", "/api/analytics/dashboard", "GET /api/analytics/dashboard", expect=200)

    def projects_summary(self):
        self.call("GET", "/api/analytics/projects-summary", "GET /api/analytics/projects-summary")


class DashboardUser(CrmUser):
    weight = 40
    wait_time = between(2, 5)

    @task(5)
    def view_dashboard(self):
        self.dashboard()

    @task(3)
    def business_metrics(self):
        self.call("GET", "/api/business-metrics/summary", "GET /api/business-metrics/summary")

    @task(2)
    def cache_stats(self):
        self.call("GET", "/api/cache/stats", "GET /api/cache/stats")

    @task(1)
    def recent_activity(self):
        self.call("GET", "/api/analytics/recent-activity?limit=20", "GET /api/analytics/recent-activity")


class LeadManagementUser(CrmUser):
    weight = 30
    wait_time = between(1, 3)

    @task(10)
    def list_leads(self):
        query = f"page={random.randint(1, 5)}&per_page={random.choice([25, 50, 100])}"
        if random.random() < 0.8:
            query += f"&status={random.choice(LEAD_LIST_STATUSES)}"
        self.call("GET", f"/api/leads?{query}", "GET /api/leads")

    @task(3)
    def create(self):
        self.create_lead()

    @task(5)
    def view_lead(self):
        lead_id = random.choice(self.owned) if self.owned else None
        if lead_id is None:
            response = self.call("GET", "/api/leads?per_page=10", "GET /api/leads")
            leads = listed(response, "leads") if response is not None else []
            stable = [lead for lead in leads if not str(lead.get("email", "")).endswith(LOAD_EMAIL_HOST)]
            lead_id = random.choice(stable).get("id") if stable else None
        if lead_id is not None:
            self.call("GET", f"/api/leads/{lead_id}", "GET /api/leads/{id}")

    @task(4)
    def update_lead(self):
        if self.owned:
            self.call("PUT", f"/api/leads/{random.choice(self.owned)}", "PUT /api/leads/{id}", json=lead_update())

    @task(2)
    def search_leads(self):
        self.call("GET", f"/api/leads/search?q={random.choice(SEARCH_TERMS)}", "GET /api/leads/search")

    @task(1)
    def delete_lead(self):
        if len(self.owned) > 5:
            lead_id = self.owned.pop(random.randrange(len(self.owned)))
            self.call("DELETE", f"/api/leads/{lead_id}", "DELETE /api/leads/{id}")


class ProjectViewUser(CrmUser):
    weight = 20
    wait_time = between(2, 4)

    def detail_of_one(self, list_url, list_name, collection, detail, detail_name):
        response = self.call("GET", list_url, list_name)
        items = listed(response, collection) if response is not None else []
        if items and items[0].get("id") is not None:
            self.call("GET", detail.format(random.choice(items)["id"]), detail_name)

    @task(6)
    def list_projects(self):
        query = f"page={random.randint(1, 3)}&per_page=50"
        if random.random() < 0.75:
            query += f"&status={random.choice(PROJECT_STATUSES)}"
        self.call("GET", f"/api/projects?{query}", "GET /api/projects")

    @task(3)
    def view_project(self):
        self.detail_of_one(
            "/api/projects?per_page=10", "GET /api/projects", "projects", "/api/projects/{}", "GET /api/projects/{id}"
        )

    @task(2)
    def filter_projects_by_value(self):
        low = random.choice([10000, 20000, 30000])
        high = low + random.choice([20000, 30000, 40000])
        self.call("GET", f"/api/projects?min_value={low}&max_value={high}", "GET /api/projects")

    @task(2)
    def summary(self):
        self.projects_summary()

    @task(1)
    def customer_projects(self):
        self.detail_of_one(
            "/api/customers?per_page=10",
            "GET /api/customers",
            "customers",
            "/api/customers/{}/projects",
            "GET /api/customers/{id}/projects",
        )


class AnalyticsUser(CrmUser):
    weight = 10
    wait_time = between(3, 6)

    @task(4)
    def conversion_funnel(self):
        days = random.choice([30, 60, 90])
        url = f"/api/enhanced-analytics/conversion-funnel?days={days}"
        self.call("GET", url, "GET /api/enhanced-analytics/conversion-funnel")

    @task(3)
    def revenue_trends(self):
        period = random.choice(["daily", "weekly", "monthly"])
        self.call("GET", f"/api/analytics/revenue-trends?period={period}", "GET /api/analytics/revenue-trends")

    @task(3)
    def lead_source_performance(self):
        url = "/api/enhanced-analytics/lead-source-performance"
        self.call("GET", url, f"GET {url}")

    @task(2)
    def team_performance(self):
        self.call("GET", "/api/analytics/team-performance", "GET /api/analytics/team-performance")

    @task(2)
    def geographic_heatmap(self):
        self.call("GET", "/api/enhanced-analytics/geographic-heatmap", "GET /api/enhanced-analytics/geographic-heatmap")

    @task(1)
    def custom_report(self):
        today = datetime.now(timezone.utc).date()
        body = {
            "start_date": (today - timedelta(days=random.choice([30, 60, 90]))).isoformat(),
            "end_date": today.isoformat(),
            "metrics": ["leads", "conversions", "revenue"],
            "group_by": random.choice(["source", "city", "status"]),
        }
        self.call("POST", "/api/analytics/custom-report", "POST /api/analytics/custom-report", json=body)


class MixedWorkloadUser(CrmUser):
    weight = 15
    wait_time = between(1, 4)

    @task(3)
    def morning_routine(self):
        self.dashboard()
        self.call("GET", "/api/leads?status=new&per_page=20", "GET /api/leads")
        lead_id = self.create_lead()
        if lead_id is not None:
            self.call("PUT", f"/api/leads/{lead_id}", "PUT /api/leads/{id}", json=lead_update("contacted"))

    @task(2)
    def project_review(self):
        self.call("GET", "/api/projects?status=in_progress", "GET /api/projects")
        self.projects_summary()
        self.call("GET", "/api/interactions?recent=true&limit=10", "GET /api/interactions")

    @task(1)
    def full_lead_workflow(self):
        lead_id = self.create_lead()
        if lead_id is None:
            return
        interaction = {
            "entity_type": "lead",
            "entity_id": lead_id,
            "interaction_type": "call",
            "subject": "Initial roof inspection call",
            "content": random.choice(NOTES),
        }
        self.call("POST", "/api/interactions", "POST /api/interactions", json=interaction)
        when = (datetime.now(timezone.utc) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
        appointment = {
            "entity_type": "lead",
            "entity_id": lead_id,
            "title": "Roof inspection",
            "scheduled_date": when.isoformat(),
            "duration_minutes": 60,
        }
        self.call("POST", "/api/appointments", "POST /api/appointments", json=appointment)


# The optional RealtimeUser (weight 5, not in the guide's table) runs only when asked for, as in the pack.
if int(os.environ.get("LOADTEST_REALTIME_WEIGHT", "0") or 0) > 0:

    class RealtimeUser(CrmUser):
        weight = int(os.environ["LOADTEST_REALTIME_WEIGHT"])
        wait_time = between(10, 20)

        @task(1)
        def ping(self):
            self.call("GET", "/api/realtime/ping", "GET /api/realtime/ping")

        @task(2)
        def status(self):
            self.call("GET", "/api/realtime/status", "GET /api/realtime/status")
