"""The words of generated handoffs: clients, work, reasons and comments a real team writes, and the mix of outcomes."""

from __future__ import annotations

from baton.core.demo import Person

EXTRA_PEOPLE = [
    Person("kenji", "Kenji Mori", "Asia/Tokyo"),
    Person("amara", "Amara Nwosu", "Africa/Lagos"),
    Person("sofia", "Sofia Marin", "Europe/Madrid"),
    Person("dev", "Dev Patel", "Asia/Kolkata"),
    Person("chloe", "Chloe Martin", "America/Los_Angeles"),
    Person("oskar", "Oskar Lind", "Europe/Stockholm"),
]

CLIENTS = [
    "Northwind Logistics",
    "Bluebird Health",
    "Orchid Bank",
    "Kestrel Foods",
    "Lumen Retail",
    "Harbor & Pine Legal",
    "Quarry Analytics",
    "Solace Insurance",
    "Tidewater Utilities",
    "Ember Studios",
    "Granite Capital",
    "Meridian Hotels",
    "Copperleaf Farms",
    "Atlas Freight",
    "Juniper Schools",
    "Polaris Telecom",
    "Redwood Clinics",
    "Saffron Kitchens",
    "Vantage Motors",
    "Willow Pharmacy",
    "Beacon Credit Union",
    "Cobalt Robotics",
    "Driftwood Travel",
    "Evergreen Housing",
    "Falcon Aerospace",
    "Glacier Water",
    "Hollis & Reed",
    "Ironbridge Construction",
    "Jetstream Airlines",
    "Keystone Energy",
    "Larkspur Media",
    "Mosaic Charities",
    "Nimbus Cloud Hosting",
    "Oakridge University",
    "Pioneer Seeds",
    "Quill Publishing",
    "Riverstone Dental",
    "Summit Outdoor",
    "Trellis Gardens",
    "Umbra Security",
]
WORK = [
    "{seats} seats, annual",
    "pilot at {sites} sites",
    "renewal with upsell",
    "SSO rollout for {seats} users",
    "exports fail after 2 GB",
    "month-end reporting",
    "migration from spreadsheets",
    "phase 2 rollout",
    "new region: EMEA",
    "API integration",
    "billing dispute follow-up",
    "kickoff pack",
    "go-live checklist",
    "data residency request",
    "training for {seats} agents",
    "contract amendment",
]
RETURN_REASONS = [
    "Success criteria are vague: which report, and by when? Please add the client's own words.",
    "No budget owner named, and the lead source is missing. Who did we speak to?",
    "The contract link points to the draft, not the signed copy. Please attach the countersigned PDF.",
    "Seat count differs between the order form and the checklist; which one is right?",
    "Security contact bounced; the client changed IT vendors last month. Need a current name.",
    "Start date is in the past. Confirm the real kickoff date with the sponsor, please.",
    "Missing the escalation history: what did support already try, and what did the client see?",
    "Plan says starter but the quote is enterprise pricing. Please check with finance first.",
]
CANCEL_REASONS = [
    "Client paused the project until next fiscal year; nothing to hand over now.",
    "Duplicate of a handoff Ben already sent; keeping his one.",
    "Candidate accepted another offer; the role is back with recruiting.",
    "Deal fell through at legal review; sales keeps the account for now.",
    "Issue resolved by a config change on the client's side; no delivery work needed.",
]
WAIVER_REASONS = [
    "Client confirmed by phone; the log is attached to the ticket instead.",
    "Not applicable for a pilot; we will collect it before full rollout.",
    "Sponsor is on leave for two weeks; delivery agreed to start without it.",
    "Covered by the master agreement signed last year; legal confirmed.",
]
COMMENTS = [
    "Added the month-end close target the sponsor gave us on the call.",
    "Waiting on the client's security questionnaire before I can finish this.",
    "Heads up: their admin is only reachable in the mornings, Singapore time.",
    "Spoke to finance; the discount is approved, see the quote link.",
    "Can we move the kickoff by a week? Their CTO is travelling.",
    "Attached the call notes; the key risk is the data migration.",
    "Thanks, this is exactly what we needed.",
    "Pinged them twice on Slack, no answer yet; will try email tomorrow.",
]

SCENARIOS = [
    ("draft", 12),
    ("blocked", 8),
    ("ready", 4),
    ("sent", 14),
    ("returned", 8),
    ("resent", 9),
    ("accepted", 30),
    ("waived", 5),
    ("reassigned", 3),
    ("cancelled", 7),
]
"""What happens to a handoff, with its weight: the mix of a team three months in."""
