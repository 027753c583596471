"""Sync through a shared folder that a sync engine (Syncthing, Dropbox, a share) keeps in step.

For callers: `run.sync_once(replica) -> report.SyncReport` does one pass (export,
then import); `watch.watch(replica, on_report, stop_event)` repeats it on every
change. Both run fine in a worker thread. The folder's layout is in folder.py,
a segment file's format in segment.py, the line check in wire.py.
"""
