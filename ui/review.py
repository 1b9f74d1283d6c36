"""Review: the curator signs in, reads each waiting record as YAML, and approves it (written
into the catalogue, checked again first) or rejects it with a reason.

The page exists only where a curator password hash is configured; see `curator_hash`.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

import bridge
from ui.engine import current_engine

SIGNED_IN = "review-signed-in"


def curator_hash() -> str | None:
    """The configured curator password hash (app secrets, then the environment), or None."""
    try:
        secrets = dict(st.secrets)
    except StreamlitSecretNotFoundError:
        secrets = {}
    return bridge.configured_hash(secrets)


def _sign_in(stored: str) -> None:
    with st.form("review-sign-in"):
        password = st.text_input("Curator password", type="password", key="review-password")
        if st.form_submit_button("Sign in", type="primary"):
            if bridge.verify_password(password, stored):
                st.session_state[SIGNED_IN] = True
                st.rerun()
            st.error("That is not the curator password.")


def _approve(queue: bridge.Queue, submission: bridge.Submission) -> None:
    folder = bridge.default_catalogue_dir()
    try:
        done = queue.approve(submission.id, folder)
    except bridge.ProblemsFound as error:
        lines = [str(p.relative_to(str(folder))) for p in error.problems]
        st.error(
            "Not approved: the record no longer passes the checks.\n\n"
            + "\n".join(f"- {bridge.plain_markdown(line)}" for line in lines)
        )
        return
    except bridge.BridgeError as error:
        st.error("Not approved: " + bridge.plain_markdown(str(error)))
        return
    st.session_state["review-done"] = f"Approved: written to {done.path}."
    st.rerun()


def _reject(queue: bridge.Queue, submission: bridge.Submission, reason: str) -> None:
    try:
        queue.reject(submission.id, reason)
    except bridge.BridgeError as error:
        st.error("Not rejected: " + bridge.plain_markdown(str(error)))
        return
    st.session_state["review-done"] = f"Rejected number {submission.id}."
    st.rerun()


def _pending(queue: bridge.Queue, submission: bridge.Submission) -> None:
    title = bridge.plain_markdown(submission.title)
    sent = submission.submitted_at.strftime("%Y-%m-%d %H:%M UTC")
    with st.expander(f"Number {submission.id}: {title} (sent {sent})", expanded=True):
        st.code(submission.record, language="yaml")
        reason = st.text_input("Reason, to reject", key=f"review-reason-{submission.id}")
        left, right = st.columns(2)
        if left.button("Approve", type="primary", key=f"review-approve-{submission.id}"):
            _approve(queue, submission)
        if right.button("Reject", key=f"review-reject-{submission.id}"):
            _reject(queue, submission, reason)


def review_submissions() -> None:
    current_engine()
    st.title("Review submissions")
    stored = curator_hash()
    if stored is None:
        st.error("No curator password hash is configured, so nobody may review here.")
        return
    if not st.session_state.get(SIGNED_IN):
        _sign_in(stored)
        return
    done = st.session_state.pop("review-done", None)
    if done:
        st.success(done)  # made of a checked record id and a number only
    try:
        queue = bridge.Queue()
        waiting = queue.list("pending")
    except bridge.BridgeError as error:
        st.error(bridge.plain_markdown(str(error)))
        return
    if not waiting:
        st.markdown("Nothing waits for review.")
        return
    st.markdown(
        f"{len(waiting)} waiting. Read each against its source pages before approving: "
        "approval writes the record into the catalogue."
    )
    for submission in waiting:
        _pending(queue, submission)
