"""Advisors and coordinators: invitations (/invite, inv_ links), /equipe, /revoquer, command menus,
blocked/unblocked updates (my_chat_member) and the broadcast sender's life cycle."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.error import TelegramError
from telegram.ext import Application, ChatMemberHandler, ContextTypes

from bot import deeplinks, invitations, roles
from bot.menus import apply_menu, role_commands
from bot.broadcast import service as broadcast_service
from bot.broadcast.sender import WATCH_SECONDS
from bot.context import AppContext
from bot.missions_locales import coverage
from bot.roles import PermissionDenied
from handlers.common import button, command, number, refuse, services, show, staff

log = logging.getLogger(__name__)


# --- invitations -------------------------------------------------------------------------------
@button("invml", args=(str,))
async def invite_mission_locale(update: Update, context: ContextTypes.DEFAULT_TYPE, ml_id: str) -> None:
    """``invml:<id>``: invite an advisor of this Mission Locale of the directory."""
    role = await staff(update, context, roles.COORDINATORS)
    if role is None:
        return
    ctx = services(context)
    ml = ctx.catalogue.missions_locales.get(ml_id)
    if ml is None:
        await show(update, context, "common/stale")
        return
    try:
        invitation = await invitations.create(ctx, role, "advisor", ml.region, ml.id)
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        return
    await show(update, context, "team/invite_created", invitation=invitation)


async def open_invitation(update: Update, context: ContextTypes.DEFAULT_TYPE, code: str) -> bool:
    """``/start inv_<code>``: grant the role, or say clearly why not."""
    ctx = services(context)
    user = update.effective_user
    name = user.first_name + (f" (@{user.username})" if user.username else "")
    try:
        role = await invitations.accept(ctx, code, user.id, name)
    except invitations.InvitationError as error:
        await show(update, context, "team/invite_refused", key=error.key, hours=ctx.settings.invitations.valid_hours)
        return True
    await apply_menu(context.bot, user.id, role)
    await show(update, context, "team/role_welcome", role=role, commands=role_commands(role))
    return True


# --- team --------------------------------------------------------------------------------------
@command("equipe")
@button("team")
async def team(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/equipe: the people of the person's scope and the pending invitations."""
    role = await staff(update, context)
    if role is None:
        return
    ctx = services(context)
    members = await roles.team(ctx, role)
    pending = await invitations.pending(ctx, role)
    await show(update, context, "team/team", me=role, members=members, invitations=pending,
               can_revoke=lambda target: role.is_coordinator and roles.can_manage(role, target))


@command("couverture")
async def coverage_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/couverture: the Missions Locales of the directory with no advisor on the bot, by region."""
    role = await staff(update, context, roles.COORDINATORS)
    if role is None:
        return
    ctx = services(context)
    await show(update, context, "team/coverage", regions=await coverage.coverage(ctx, role),
               examples=ctx.catalogue.missions_locales.has_examples)


@command("revoquer")
async def revoke_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/revoquer: how to revoke, then the team with its « Retirer » buttons."""
    role = await staff(update, context, roles.COORDINATORS)
    if role is None:
        return
    await show(update, context, "team/revoke_usage")
    await team(update, context)


async def _revoking(update: Update, context: ContextTypes.DEFAULT_TYPE, target_id: int):
    """(coordinator, target role), or (None, None) after saying why not."""
    role = await staff(update, context, roles.COORDINATORS)
    if role is None:
        return None, None
    target = await roles.get_role(services(context), target_id)
    if target is None:
        await show(update, context, "common/stale")
        return None, None
    return role, target


@button("rvk", args=(number,))
async def revoke_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, target_id: int) -> None:
    """``rvk:<role id>``: asks for confirmation."""
    role, target = await _revoking(update, context, target_id)
    if target is None:
        return
    if not roles.can_manage(role, target):
        await refuse(update, context, PermissionDenied("self" if target.id == role.id else "other_region"), role)
        return
    await show(update, context, "team/revoke_confirm", target=target)


@button("rvky", args=(number,))
async def revoke_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE, target_id: int) -> None:
    """``rvky:<role id>``: revokes (checked again in the service)."""
    role, target = await _revoking(update, context, target_id)
    if target is None:
        return
    ctx = services(context)
    try:
        revoked = await roles.revoke(ctx, role, target.id)
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        return
    await apply_menu(context.bot, revoked.chat_id, None)
    try:
        await context.bot.send_message(revoked.chat_id, ctx.renderer.text("team/revoked_notice"))
    except TelegramError:
        pass
    await show(update, context, "team/revoked", target=revoked)


# --- blocked / unblocked -----------------------------------------------------------------------
async def member_changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The person blocked the bot (alerts off, inactive) or unblocked it (active again)."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    ctx = services(context)
    status = change.new_chat_member.status
    blocked = status in (ChatMember.BANNED, ChatMember.LEFT)
    await broadcast_service.set_blocked(ctx, change.chat.id, blocked)


# --- life cycle ----------------------------------------------------------------------------------
def register(app: Application) -> None:
    deeplinks.register(invitations.PREFIX, open_invitation)
    app.add_handler(ChatMemberHandler(member_changed, ChatMemberHandler.MY_CHAT_MEMBER))


async def on_startup(app: Application) -> None:
    """Coordinators from the configuration, every role's command menu, and unfinished broadcasts."""
    ctx: AppContext = app.bot_data["ctx"]
    await roles.bootstrap_coordinators(ctx)
    for role in await roles.active_roles(ctx):
        await apply_menu(app.bot, role.chat_id, role)
    if ctx.broadcaster is not None:
        await ctx.broadcaster.resume_all()
        if app.job_queue is not None:  # take over the broadcasts of an instance that died
            app.job_queue.run_repeating(_watch_broadcasts, interval=WATCH_SECONDS, first=WATCH_SECONDS, name="diffusions:relève")


async def _watch_broadcasts(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every few seconds: unfinished broadcasts with no live sender are resumed here."""
    await services(context).broadcaster.resume_all()


async def on_shutdown(app: Application) -> None:
    """Let the sender finish the messages in flight."""
    broadcaster = app.bot_data["ctx"].broadcaster
    if broadcaster is not None:
        await broadcaster.stop()
