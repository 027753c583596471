PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    hlc TEXT NOT NULL,
    at INTEGER NOT NULL,
    author TEXT NOT NULL,
    replica TEXT NOT NULL,
    payload TEXT NOT NULL,
    snapshot TEXT,
    snapshot_at INTEGER
);
INSERT INTO events VALUES('0c8262913ed44858189756b0ca5fd14d','b5bc7c511bd3dce69b3253e1c95b667c','created','0001796044746766-0000-f76966f982741a6e',1796044746766,'ana','f76966f982741a6e','{"due":null,"template":,"title":"Old deal","to":"ben"}','dfc3a3b735d6ae824b3d29ac2fc92f98cde9933b3536de950c995d59442cde4f',23);
INSERT INTO events VALUES('b1801b7c9b28d77c2dc067713570ce2a','b5bc7c511bd3dce69b3253e1c95b667c','item_set','0001796044747324-0000-f76966f982741a6e',1796044747324,'ana','f76966f982741a6e','{"item":"plan","value":"growth"}',NULL,NULL);
INSERT INTO events VALUES('efc95bd0541ca9150d0d946d848a4049','b5bc7c511bd3dce69b3253e1c95b667c','item_set','0001796044747776-0000-f76966f982741a6e',1796044747776,'ana','f76966f982741a6e','{"item":"seats","value":40}',NULL,NULL);
CREATE TABLE snapshots (
    sha256 TEXT PRIMARY KEY,
    body TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO snapshots VALUES('dfc3a3b735d6ae824b3d29ac2fc92f98cde9933b3536de950c995d59442cde4f','{"accept_within_hours":24.0,"description":"What the client bought, why they bought it and what they were promised, so onboarding starts where the sale ended and the client never repeats themselves.","from_stage":"sales","id":"sales-to-onboarding","items":[{"choices":null,"hint":"https://crm.example.com/deals/48213","id":"crm-record","kind":"url","max":null,"min":null,"min_length":null,"pattern":null,"required":true,"text":"Link to the won deal in the CRM","when":null,"why":"Without it onboarding works from a second copy of the client''s details that drifts away from the record sales keeps updating."},{"choices":["starter","growth","enterprise"],"hint":null,"id":"plan","kind":"choice","max":null,"min":null,"min_length":null,"pattern":null,"required":true,"text":"Plan sold","when":null,"why":"Onboarding sizes the kickoff, the training and the team by plan, and a wrong guess means re-planning after the client has seen the schedule."},{"choices":null,"hint":"40","id":"seats","kind":"number","max":100000.0,"min":1.0,"min_length":null,"pattern":null,"required":true,"text":"Seats or licences sold","when":null,"why":"Accounts and training sessions are sized by seat count, and a wrong number leaves people without access on day one."},{"choices":null,"hint":"\"Close the books in 3 days instead of 8, without hiring another accountant.\" (Dana Ruiz, CFO, on the demo call)","id":"client-goals","kind":"text","max":null,"min":null,"min_length":60,"pattern":null,"required":true,"text":"The client''s goals, in their own words, and who said them","when":null,"why":"Without the client''s own words onboarding sets success criteria the client never agreed to, and the client has to explain their goals a second time."},{"choices":null,"hint":"Setup of 3 entities, bank feeds, 2 admin trainings. Not included: payroll integration, historical data before 2024.","id":"scope","kind":"text","max":null,"min":null,"min_length":40,"pattern":null,"required":true,"text":"What was sold: deliverables in scope, and what was explicitly left out","when":null,"why":"Onboarding cannot tell a fair request from out-of-scope work, so it either gives work away or refuses something the client was sold."},{"choices":null,"hint":"2026-12-01","id":"promised-go-live","kind":"date","max":null,"min":null,"min_length":null,"pattern":null,"required":true,"text":"Go-live date promised to the client","when":null,"why":"A date the client was promised but onboarding never saw is the first one to slip, and the client remembers it."},{"choices":null,"hint":"Two extra admin training sessions; a custom CSV export mentioned as \"on the roadmap\", not committed.","id":"promises","kind":"text","max":null,"min":null,"min_length":4,"pattern":null,"required":true,"text":"Promises and terms beyond the standard contract (extra training, custom work, discounts), or \"none\"","when":null,"why":"A side promise that never reached onboarding comes back as \"but your salesperson said\", and the client stops believing anyone."},{"choices":null,"hint":"Worried about losing audit trail when leaving the old system; told we import the last 2 years with history.","id":"objections","kind":"text","max":null,"min":null,"min_length":30,"pattern":null,"required":false,"text":"Objections and concerns raised during the sale, and the answer the client was given","when":null,"why":"A concern sales already settled resurfaces at kickoff, and onboarding answers it differently."},{"choices":null,"hint":"Dana Ruiz, CFO, sponsor, dana@northwind.example, America/Chicago; Omar Haddad, finance ops, day-to-day, omar@northwind.example","id":"stakeholders","kind":"text","max":null,"min":null,"min_length":40,"pattern":null,"required":true,"text":"Stakeholders: who decides, who signs off, who is the day-to-day contact (name, role, email, time zone)","when":null,"why":"Onboarding books the kickoff with whoever signed the contract instead of the people who will use the product every day."},{"choices":null,"hint":"Ingrid Holm, IT security lead, ingrid.holm@northwind.example","id":"security-review","kind":"text","max":null,"min":null,"min_length":10,"pattern":null,"required":true,"text":"Security review contact at the client (name and email)","when":{"equals":"enterprise","is_set":null,"item":"plan"},"why":"Enterprise clients gate go-live on a security review, and finding the reviewer late pushes back the promised date."},{"choices":null,"hint":"Their IT team is busy with a merger until January; expect slow answers on single sign-on.","id":"known-risks","kind":"text","max":null,"min":null,"min_length":20,"pattern":null,"required":false,"text":"Known risks that could delay or sour the start","when":null,"why":"Onboarding walks into a risk sales already saw, such as a stretched IT team or a sceptical user group, and loses the first weeks to it."},{"choices":null,"hint":null,"id":"client-introduced","kind":"check","max":null,"min":null,"min_length":null,"pattern":null,"required":true,"text":"Client has been told who their onboarding contact is and when they will hear from them","when":null,"why":"A client who hears nothing after signing feels forgotten, and the first onboarding call opens with an apology."}],"title":"Sales \u2192 Onboarding: closed deal","to_stage":"onboarding","trigger":"Contract signed","version":1}');
CREATE TABLE teammates (
    user TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    tz TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member',
    last_seen INTEGER
);
INSERT INTO teammates VALUES('ana','Ana','UTC','member',1796044746008);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta VALUES('projection_layout','2');
INSERT INTO meta VALUES('clock','0001796044747776-0000-f76966f982741a6e');
CREATE TABLE breach_alerts (
    send_event_id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE TABLE handoffs (
    id TEXT PRIMARY KEY,
    template_id TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    title TEXT NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    owner TEXT NOT NULL,
    next_actor TEXT NOT NULL,
    status TEXT NOT NULL,
    due TEXT,
    created_at INTEGER NOT NULL,
    first_sent_at INTEGER,
    sent_at INTEGER,
    answered_at INTEGER,
    accept_within_hours REAL NOT NULL,
    required_done INTEGER NOT NULL,
    required_total INTEGER NOT NULL,
    blockers INTEGER NOT NULL,
    return_count INTEGER NOT NULL,
    return_reason TEXT NOT NULL,
    conflicts INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO handoffs VALUES('b5bc7c511bd3dce69b3253e1c95b667c','sales-to-onboarding',1,'sales','onboarding','Old deal','ana','ben','ana','ana','draft',NULL,1796044746766,NULL,NULL,NULL,24.0,2,9,7,0,'',0,1796044747776);
CREATE TABLE items (
    handoff_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    required INTEGER NOT NULL,
    counts INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    set_by TEXT,
    set_at INTEGER,
    waived INTEGER NOT NULL,
    waiver_reason TEXT,
    waived_by TEXT,
    problem TEXT,
    PRIMARY KEY (handoff_id, item_id)
) WITHOUT ROWID;
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','client-goals',3,'text',1,1,'The client''s goals, in their own words, and who said them',NULL,NULL,NULL,0,NULL,NULL,'missing');
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','client-introduced',11,'check',1,1,'Client has been told who their onboarding contact is and when they will hear from them',NULL,NULL,NULL,0,NULL,NULL,'not checked');
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','crm-record',0,'url',1,1,'Link to the won deal in the CRM',NULL,NULL,NULL,0,NULL,NULL,'missing');
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','known-risks',10,'text',0,1,'Known risks that could delay or sour the start',NULL,NULL,NULL,0,NULL,NULL,'missing');
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','objections',7,'text',0,1,'Objections and concerns raised during the sale, and the answer the client was given',NULL,NULL,NULL,0,NULL,NULL,'missing');
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','plan',1,'choice',1,1,'Plan sold','"growth"','ana',1796044747324,0,NULL,NULL,NULL);
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','promised-go-live',5,'date',1,1,'Go-live date promised to the client',NULL,NULL,NULL,0,NULL,NULL,'missing');
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','promises',6,'text',1,1,'Promises and terms beyond the standard contract (extra training, custom work, discounts), or "none"',NULL,NULL,NULL,0,NULL,NULL,'missing');
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','scope',4,'text',1,1,'What was sold: deliverables in scope, and what was explicitly left out',NULL,NULL,NULL,0,NULL,NULL,'missing');
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','seats',2,'number',1,1,'Seats or licences sold','40','ana',1796044747776,0,NULL,NULL,NULL);
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','security-review',9,'text',1,0,'Security review contact at the client (name and email)',NULL,NULL,NULL,0,NULL,NULL,'missing');
INSERT INTO items VALUES('b5bc7c511bd3dce69b3253e1c95b667c','stakeholders',8,'text',1,1,'Stakeholders: who decides, who signs off, who is the day-to-day contact (name, role, email, time zone)',NULL,NULL,NULL,0,NULL,NULL,'missing');
CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    author TEXT NOT NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE conflicts (
    event_id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    author TEXT NOT NULL,
    at INTEGER NOT NULL,
    reason TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE send_blocks (
    event_id TEXT NOT NULL,
    handoff_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (event_id, item_id)
) WITHOUT ROWID;
CREATE TABLE sends (
    event_id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    answer TEXT,
    answer_event_id TEXT,
    answered_at INTEGER,
    answered_by TEXT,
    reason TEXT
) WITHOUT ROWID;
CREATE INDEX events_by_handoff ON events (handoff_id, hlc);
CREATE INDEX events_by_replica ON events (replica);
CREATE INDEX handoffs_by_status ON handoffs (status, updated_at);
CREATE INDEX handoffs_by_updated ON handoffs (updated_at, id);
CREATE INDEX handoffs_by_next ON handoffs (next_actor, status);
CREATE INDEX handoffs_by_sender ON handoffs (sender, status);
CREATE INDEX handoffs_by_receiver ON handoffs (receiver, status);
CREATE INDEX comments_by_handoff ON comments (handoff_id);
CREATE INDEX conflicts_by_handoff ON conflicts (handoff_id);
CREATE INDEX send_blocks_by_handoff ON send_blocks (handoff_id);
CREATE INDEX sends_by_handoff ON sends (handoff_id);
CREATE INDEX items_waived ON items (handoff_id) WHERE waived = 1;
CREATE VIEW returns AS
    SELECT handoff_id, answer_event_id AS event_id, answered_at AS at, answered_by AS by, reason, sender
    FROM sends WHERE answer = 'returned';
COMMIT;
