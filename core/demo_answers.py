"""The demo's own answers for handoffs whose checklist hints describe another client.

A checklist's hints are one example client (Bluebird, Northwind); two demo
handoffs must not share them, or the demo reads as a copy.
"""

from __future__ import annotations

NORTHWIND_CRITERIA = "Month-end close done in 3 working days by the March close; the CFO signs off after the first close on the new setup."
ORCHID_TICKET = {
    "ticket": "SUP-5107",
    "severity": "critical",
    "incident-channel": "https://chat.example.com/channels/inc-sup-5107",
    "problem": '"Since Monday about 300 of our branch staff land back on the login page after signing in."',
    "reproduction": "Sign in through Okta as any Orchid user: the SAML response is accepted, then /home sends "
    "you back to /login; users outside the Orchid tenant are fine.",
    "first-reported": "2026-11-23",
    "users-affected": 300,
    "impact": "Branch staff cannot open customer records; the bank's auditors arrive on 4 Dec and need access logs.",
    "case-history": "https://support.example.com/tickets/SUP-5107",
    "tried": "Cleared cookies, uploaded the SAML certificate again, tried a private window: the loop stays.",
    "workaround": "Two admins sign in with local passwords; everyone else waits.",
    "customer-told": "Told on 24 Nov that delivery engineers have it; next update promised by 10:00 Singapore time.",
}
"""The Orchid Bank escalation's own answers (the checklist's hints describe the Bluebird case)."""
ORCHID_PHASE_2 = {
    "project-plan": "https://drive.example.com/orchid-bank/phase-2-plan.pdf",
    "requirements": "Roll out to the 40 remaining branches in two waves; keep SSO through Okta; daily export of "
    "access logs for the auditors.",
    "environment": "Okta (owned by the bank's IAM team, Wei Lin); core banking export over SFTP, nightly.",
    "client-contact": "Wei Lin, Asia/Singapore, prefers email; calls only on Tuesdays and Thursdays.",
    "success-criteria": "Every branch signs in through Okta without a loop, and the auditors get a daily access "
    "log export; the bank judges it at the go-live on {go_live}.",
    "source-system": "Core banking (Temenos T24), branch staff records since 2019; owner: Wei Lin's IAM team.",
    "open-questions": "Which 12 branches go in the first wave; Wei Lin is asking the regional managers, due Thursday.",
}
"""Orchid Bank phase 2: its own plan and people, not the Northwind kickoff pack's (`{go_live}`: its go-live day,
set when the demo is built)."""

KESTREL = {
    "crm-record": "https://crm.example.com/deals/51877",
    "client-goals": (
        '"One order screen for all three sites by spring, so the kitchens stop phoning orders in." '
        "(Ines Moreau, COO, on the pilot call)"
    ),
    "scope": "Pilot at 3 sites: order screens, supplier catalogue import, 1 manager training. Not included: invoicing.",
    "promises": "One extra on-site training day at the Lyon kitchen, agreed by Ben in writing.",
    "objections": "Worried the kitchens lose orders when the line drops; told the screens keep working offline.",
    "stakeholders": (
        "Ines Moreau, COO, decides and signs off, ines@kestrelfoods.example, Europe/Paris; "
        "Sam Okoro, site manager, day-to-day contact, sam@kestrelfoods.example, Europe/London"
    ),
    "known-risks": "Two of the three sites share one internet line; a training day over video may need a fallback.",
}
"""Kestrel's own answers: made-up ones would repeat the checklist's example client, or answer another item."""
