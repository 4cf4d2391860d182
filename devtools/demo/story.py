"""The demo's last 90 days, played once through the bot's own services with the clock set back.

The script (devtools/demo/story_data.py): example staff publish past actions in three regions, nationally
and online; example young people arrive, turn their alerts on, open the actions and register (the last
ones wait when an action is full); announcements of some actions go out; after each action the
« Comment ça s'est passé ? » follow-up is sent and answered; the staff close their actions with the
results, record adaptations or innovations and answer questions; a few people turn their alerts off. Each step runs at its
own date on a :class:`FrozenClock` lent to the context, so every service stamps it as it would have.

These actions are ordinary actions (not ``is_example``, which the indicators leave out): they exist
only in the console's demo database, and their titles, organisers, companies and people all say
« (exemple) ». Played once per database (the first action's external id is the mark).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable

from bot import followup, roles
from bot.broadcast import pacing
from bot.broadcast import service as broadcasting
from bot.broadcast.sender import Broadcaster
from bot.clock import PARIS, FrozenClock, from_ts
from bot.context import AppContext
from bot.events import feedback
from bot.events.model import validate_event
from bot.events.registration import register
from bot.events.service import get_event, upsert_events
from bot.journey.profile import set_alerts
from bot.questions import service as questions
from bot.stats import service as stats
from devtools.demo.story_data import ACTIONS, ALERTS_OFF, COMMUNICATIONS, INNOVATIONS, PEOPLE, QUESTIONS, STAFF, Action
from storage import events as event_store
from storage import users

SOURCE = "demo"
FIRST_PERSON, FIRST_CURIOUS = 191000, 197000
Step = Callable[[], Awaitable[None]]


class Nobody:
    """Telegram while the story plays: the example people do not exist, so nothing is sent anywhere."""

    async def send_message(self, chat_id: int, text: str, **kwargs) -> None:
        return None


def external_id(action: Action) -> str:
    return f"demo-story-{action.key}"


def person_id(region: str, index: int) -> int:
    return FIRST_PERSON + 100 * list(PEOPLE).index(region) + index


@contextlib.asynccontextmanager
async def clock_set_back(ctx: AppContext, start: dt.datetime):
    """Lend the context (and its interactions log) a frozen clock for the story; give the real one back."""
    real, logged = ctx.clock, ctx.log.clock
    clock = FrozenClock(start)
    ctx.clock = ctx.log.clock = clock
    try:
        yield clock
    finally:
        await ctx.log.flush()
        ctx.clock, ctx.log.clock = real, logged


class Story:
    def __init__(self, ctx: AppContext, today: dt.date) -> None:
        self.ctx = ctx
        self.today = today
        self.steps: list[tuple[dt.datetime, int, Step]] = []
        self.roles: dict[str, roles.Role] = {}
        self.events: dict[str, int] = {}
        self.known: set[int] = set()
        self.questions: list[int] = []

    def day(self, days_ago: int, hour: int = 0, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(self.today - dt.timedelta(days=days_ago), dt.time(hour, minute), tzinfo=PARIS)

    def at(self, when: dt.datetime, step: Step) -> None:
        self.steps.append((when, len(self.steps), step))

    async def play(self) -> None:
        steps = sorted(self.steps, key=lambda s: (s[0], s[1]))
        async with clock_set_back(self.ctx, steps[0][0]) as clock:
            for when, _, step in steps:
                clock.set(when)
                await step()

    # ------------------------------------------------------------------ the script
    def write(self) -> None:
        self.at(self.day(90, 8), self.hire)
        for action in ACTIONS:
            self.action(action)
        for item in COMMUNICATIONS:
            self.at(self.day(item.days_ago, 11), lambda item=item: self.announce(item.staff, item.action, item.region))
        for days_ago, staff, text in INNOVATIONS:
            self.at(self.day(days_ago, 16), lambda staff=staff, text=text: self.innovate(staff, text))
        for n, (days_ago, region, index, staff, text, reply, settled) in enumerate(QUESTIONS):
            chat_id, asked = person_id(region, index), self.day(days_ago, 9, 30)
            self.at(asked, lambda chat_id=chat_id, text=text: self.ask(chat_id, text))
            self.at(asked + dt.timedelta(hours=1 + 2 * n, minutes=10), lambda n=n, staff=staff, reply=reply: self.reply(n, staff, reply))
            if settled:
                self.at(asked + dt.timedelta(hours=8), lambda n=n, chat_id=chat_id: self.settle(n, chat_id))

    async def hire(self) -> None:
        for key, staff in STAFF.items():
            role = await roles.grant(self.ctx, None, chat_id=staff.chat_id, kind=staff.kind, region=staff.region,
                                     organisation=staff.organiser[1], network=staff.organiser[0], display_name=staff.name)
            if role.kind != "advisor":
                await stats.set_digest(self.ctx, role, False)  # no weekly summary for a person who does not exist
            self.roles[key] = role

    def action(self, action: Action) -> None:
        start = self.day(action.days_ago, action.hour)
        end = start + dt.timedelta(hours=action.hours)
        self.at(start - dt.timedelta(days=14), lambda: self.publish(action, start, end))
        people = [(region, person_id(region, first + i)) for region, first, count in action.people for i in range(count)]
        for n, (region, chat_id) in enumerate(people):
            # over the 9 to 4 days before, in this order: the last ones wait when the action is full
            arrival = start - dt.timedelta(days=9 - 6 * n // len(people), hours=start.hour - 18, minutes=-7 * n)
            self.at(arrival, lambda region=region, chat_id=chat_id, n=n: self.arrive(action, region, chat_id, n))
        region = action.people[0][0]
        for n in range(action.curious):
            chat_id = FIRST_CURIOUS + 20 * ACTIONS.index(action) + n
            self.at(start - dt.timedelta(days=5 - n % 4, hours=start.hour - 20, minutes=-3 * n),
                    lambda chat_id=chat_id, n=n: self.look(action, region, chat_id, n))
        due = from_ts(feedback.due_at(int(end.timestamp())))
        self.at(due + dt.timedelta(minutes=1), self.ask_how_it_went)
        answers = ["bien"] * action.feedback[0] + ["moyen"] * action.feedback[1] + ["pas_bien"] * action.feedback[2]
        for n, (value, (region, chat_id)) in enumerate(zip(answers, people)):
            self.at(due + dt.timedelta(minutes=20 + 13 * n), lambda chat_id=chat_id, value=value: self.answer(action, chat_id, value))
        if action.results is not None:
            self.at(end + dt.timedelta(hours=20), lambda: self.close(action))
            days, count = ALERTS_OFF
            for region, chat_id in people[-count:]:
                self.at(end + dt.timedelta(days=days), lambda region=region, chat_id=chat_id: set_alerts(self.ctx, chat_id, False, region))

    # ------------------------------------------------------------------ the steps, through the services
    async def publish(self, action: Action, start: dt.datetime, end: dt.datetime) -> None:
        data = {"external_id": external_id(action), "type": action.kind, "title": action.title, "starts_at": start, "ends_at": end,
                "description": "Ceci est un exemple : une action passée de la démonstration, avec ses résultats.",
                "scope": "regional", **action.place, "organisers": action.organisers, "companies": action.companies,
                "branches": action.branches, "capacity": action.capacity}
        role = self.roles[action.staff]
        await upsert_events(self.ctx, [validate_event(data, self.ctx.catalogue)], source=SOURCE, actor=role.id)
        self.events[action.key] = await event_store.id_by_external(self.ctx.db, external_id(action))

    async def arrive(self, action: Action, region: str, chat_id: int, n: int) -> None:
        """A young person comes (the first time: onboarding with alerts on), opens the action and registers."""
        ctx, event_id = self.ctx, self.events[action.key]
        departement, names = PEOPLE[region]
        if chat_id not in self.known:
            self.known.add(chat_id)
            name = names[(chat_id - FIRST_PERSON) % 100]
            await users.insert_examples(ctx.db, [(chat_id, f"{name} (exemple)")], region, departement, ctx.clock.timestamp())
            await ctx.log.record(chat_id, "start", "" if n % 3 else "evt", region=region)
            await set_alerts(ctx, chat_id, True, region)
        else:
            await ctx.log.record(chat_id, "start", "", region=region)
        await ctx.log.record(chat_id, "event_suggested", event_id, region=region)
        await ctx.log.record(chat_id, "event_open", event_id, region=region)
        outcome = await register(ctx, event_id, chat_id)
        kind = "event_register" if outcome.code == "registered" else "event_waitlist"
        await ctx.log.record(chat_id, kind, event_id, region=region)

    async def look(self, action: Action, region: str, chat_id: int, n: int) -> None:
        """Someone is shown the action; one in two opens its card, nobody registers."""
        event_id = self.events[action.key]
        await self.ctx.log.record(chat_id, "start", "", region=region)
        await self.ctx.log.record(chat_id, "event_suggested", event_id, region=region)
        if n % 2 == 0:
            await self.ctx.log.record(chat_id, "event_open", event_id, region=region)

    async def ask_how_it_went(self) -> None:
        await feedback.send_due_followups(Nobody(), self.ctx)

    async def answer(self, action: Action, chat_id: int, value: str) -> None:
        await feedback.answer(self.ctx, self.events[action.key], chat_id, value)

    async def close(self, action: Action) -> None:
        present, apprenticeship, cej, job, training = action.results
        results = {"attendance": present, "integrated_apprenticeship": apprenticeship, "integrated_cej": cej,
                   "integrated_job": job, "integrated_training": training,
                   "companies_present": [c for c in action.companies if c not in action.absent]}
        await followup.close(self.ctx, self.roles[action.staff], self.events[action.key], results)

    async def announce(self, staff: str, action_key: str, region: str | None) -> None:
        """The announcement of an action, sent as /annonce does (the broadcast service and its sender)."""
        ctx, role = self.ctx, self.roles[staff]
        event = await get_event(ctx, self.events[action_key])
        screen = ctx.renderer.render("events/card", event=event, now=ctx.clock.timestamp())
        published = await broadcasting.publish(ctx, role, kind="event", text=screen.text, markup=None, title=event.title,
                                               region=region, branches=[], joint=event.joint, event_id=event.id)
        sender = Broadcaster(ctx, Nobody(), timer=pacing.Timer.simulated())
        await sender.start(published.broadcast_id)
        await sender.stop()

    async def ask(self, chat_id: int, text: str) -> None:
        """« Écrire à un conseiller »: the question written, then sent."""
        row = await users.get(self.ctx.db, chat_id)
        await questions.start(self.ctx, row)
        await questions.written(self.ctx, row, text)
        question, _ = await questions.send(self.ctx, row)
        self.questions.append(question["id"])

    async def reply(self, n: int, staff: str, text: str) -> None:
        await questions.take(self.ctx, self.roles[staff], self.questions[n])
        await questions.answer(self.ctx, self.roles[staff], self.questions[n], text)

    async def settle(self, n: int, chat_id: int) -> None:
        await questions.close_by_young(self.ctx, chat_id, self.questions[n])

    async def innovate(self, staff: str, text: str) -> None:
        await stats.add_innovation(self.ctx, self.roles[staff], text)


async def seed(ctx: AppContext) -> None:
    """Play the story once per demo database (idempotent), ending just before now."""
    if await event_store.id_by_external(ctx.db, external_id(ACTIONS[0])) is not None:
        return
    story = Story(ctx, ctx.clock.now().astimezone(PARIS).date())
    story.write()
    await story.play()
