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
    "open-questions": "As discussed with Wei Lin on Tuesday's call.",  # a pointer: the app flags it as vague
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
    "security-review": "Hugo Lambert, IT security lead, hugo.lambert@kestrelfoods.example",
}
"""Kestrel's own answers: made-up ones would repeat the checklist's example client, or answer another item."""

NORTHWIND_DEAL = {
    "client-goals": (
        '"Month-end closed in three working days, and the AP team off their spreadsheets by spring." '
        "(Dana Ruiz, CFO, on the pricing call)"
    ),
    "scope": "40 seats, annual: 3 legal entities, 4 bank feeds, 2 admin trainings. Not included: payroll, data before 2024.",
    "promises": "A third admin training at no cost, agreed by Ben on the call of 12 Nov and confirmed by email.",
    "objections": "Feared losing the audit trail kept in Sage; told we import two years of history with every change log.",
    "stakeholders": "Dana Ruiz, CFO, decides and signs off, dana@northwind.example, America/Chicago; Omar Haddad, "
    "finance ops, day to day, omar@northwind.example, Europe/Berlin",
    "known-risks": "Their IT team is tied up with a merger until January, so single sign-on answers will be slow.",
}
"""Northwind's sale: the deal's own words (the checklist's hints describe the same client, and an answer that
copies a hint is flagged)."""
NORTHWIND_KICKOFF = {
    "requirements": "Three legal entities reported together in EUR; a payment over 5,000 EUR needs a second "
    "approver; feeds for all 4 bank accounts from day one.",
    "environment": "NetSuite 2024.2, owned by Omar Haddad (finance ops); HSBC and Revolut Business feeds; Okta run by their IT.",
    "source-system": "Sage 200, ledgers from 2019 on; Omar Haddad owns the data and signs off the import.",
    "client-contact": "Omar Haddad, Europe/Berlin: the shared Slack channel day to day, email for anything to approve.",
    "open-questions": "Mapping of the Spanish entity's chart of accounts; Omar Haddad is chasing their accountant, due Friday.",
}
NORTHWIND_LIVE = {
    "stakeholders": "Dana Ruiz (CFO, sponsor, dana@northwind.example); Omar Haddad (admin, omar@northwind.example); "
    "Li Wei and Sara Kim (AP power users).",
    "known-risks": "The AP team still keeps its old spreadsheet alongside; Dana Ruiz leaves in March, no successor named.",
    "preferences": "A monthly call on the first Tuesday, written updates in the shared channel, nothing to the CFO directly.",
    "expansion": "Asked twice about adding the two Nordic entities next year, and about procurement for the Oslo office.",
    "health-red": "Go-live slipped two weeks after our import bug; Dana Ruiz was promised a month's credit, not issued yet.",
}
BLUEBIRD = {
    "problem": '"Any export over about 2 GB sits at 99% for hours, and the email with the file never comes."',
    "reproduction": "As a Bluebird admin: Reports > Export > All transactions for 2025 stalls at 99% and sends "
    "nothing; one month's export arrives in 2 minutes. Expected: the full-year file by email.",
    "impact": "Their auditors need the full 2025 export by 30 Nov; finance stitches 12 monthly files together by hand.",
    "tried": "Retried in Chrome and Firefox, checked the storage quota (40% used), split by month: each month works.",
    "workaround": "Finance exports one month at a time and merges the twelve files in a spreadsheet.",
}
LUMEN = {
    "campaign": 'The "Month-end without the chase" webinar on 14 Nov; stayed for the whole Q&A.',
    "contact": "Ana Souza, finance operations manager, ana.souza@lumen.example, America/Los_Angeles",
    "need": '"Closing the month takes us eight days, mostly chasing store managers for receipts across 12 shops."',
    "intent-signals": "Opened pricing four times this week, downloaded the multi-store guide, asked in chat about NetSuite.",
    "history": "Looked at us in spring 2024 and chose a cheaper tool; the notes of those calls are on the closed deal in the CRM.",
}
CONTRACT_QA = {
    "availability": "Leave booked 15 to 19 Feb; works 08:00 to 16:00 Lisbon time, no calls after that.",
    "access": "Email and Slack, Jira (QA project), the device lab booking page, and the staging VPN from day one.",
    "shipping-address": "Rua das Flores 28, 2nd floor, 1200-195 Lisboa, Portugal; courier can call +351 912 345 678.",
}
"""The other demo handoffs' own answers, each about its own client or hire: filled from a shared pool of
sentences, they answered one item with another's words (a kickoff sentence as a campaign)."""
