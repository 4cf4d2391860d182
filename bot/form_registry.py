"""Every step-by-step form of the bot (bot/forms.py), driven by handlers/forms.py. Add a form here."""

from __future__ import annotations

from bot import announce_form, close_form, edit_form, innovation_form, invite_form

FORMS = [announce_form.FORM, edit_form.FORM, close_form.FORM, innovation_form.FORM, invite_form.FORM]
