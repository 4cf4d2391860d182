"""Groups, supergroups, channels and update types the bot does not use: the bot is private-chat only.

A command in a group gets one short French « écris-moi en privé » (once per group), everything else
there is ignored; nothing is stored about the group or the people writing in it; no crash on
inline queries, polls, join requests, reactions and the like.
"""

from __future__ import annotations

from devtools.localapi import BOT_ID
from tests.advisors_helpers import COORD
from tests.robustness_helpers import rows_holding

GROUP, SUPERGROUP, CHANNEL = -4001, -1004002, -1004003


def in_chat(bot, person, text, chat_id, chat_type, key="message", **content):
    update = bot.api.user_message(person.spec, text, **content)
    message = update.pop("message")
    message["chat"] = {"id": chat_id, "type": chat_type, "title": "Le groupe"}
    if chat_type == "channel":
        del message["from"]
        message["sender_chat"] = message["chat"]
    if key.startswith("edited"):
        message["edit_date"] = message["date"] + 1
    update[key] = message
    return update


async def test_group_and_channel_updates_stop_at_the_privacy_guard(bot, db):
    lina = bot.person(1001, "Lina", "lina_groupe")
    coord = bot.person(COORD, "Nadia")
    updates = []
    for chat_id, chat_type in ((GROUP, "group"), (SUPERGROUP, "supergroup")):
        for person in (lina, coord):
            for text in ("/start", "/oubli", "/mesdonnees", "/stats", "/annonce", "/menu@PasserelleCommerceBot", "vendeur", "bonjour"):
                updates.append(in_chat(bot, person, text, chat_id, chat_type))
        updates.append(in_chat(bot, lina, "/start", chat_id, chat_type, key="edited_message"))
        updates.append(in_chat(bot, lina, None, chat_id, chat_type, sticker={
            "file_id": "s", "file_unique_id": "us", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}))
        updates.append(in_chat(bot, lina, None, chat_id, chat_type, new_chat_members=[{"id": BOT_ID, "is_bot": True, "first_name": "Passerelle"}]))
    for key in ("channel_post", "edited_channel_post"):
        for text in ("/start", "vendeur"):
            updates.append(in_chat(bot, lina, text, CHANNEL, "channel", key=key))
    for update in updates:
        await bot.feed(update)
    # a button under a message of the group (forged: the bot never puts buttons there)
    group_message = in_chat(bot, lina, "x", GROUP, "group")["message"]
    await bot.feed(bot.api.user_press(lina.spec, group_message, "1:oblc"))
    # the bot is added to a group
    await bot.feed({"update_id": 90001, "my_chat_member": {
        "chat": {"id": GROUP, "type": "group", "title": "Le groupe"}, "from": lina.spec.as_dict(), "date": 0,
        "old_chat_member": {"status": "left", "user": {"id": BOT_ID, "is_bot": True, "first_name": "P"}},
        "new_chat_member": {"status": "member", "user": {"id": BOT_ID, "is_bot": True, "first_name": "P"}}}})

    sent = [c for c in bot.api.calls if c.method.startswith("send") or c.method.startswith("edit")]
    to_groups = [c for c in sent if int(c.params["chat_id"]) < 0]
    assert [int(c.params["chat_id"]) for c in to_groups] == [GROUP, SUPERGROUP]  # once per group, never the channel
    assert all("en privé" in c.params["text"] for c in to_groups)
    assert "t.me/PasserelleCommerceBot" in str(to_groups[0].params["reply_markup"])
    assert not [c for c in sent if int(c.params["chat_id"]) > 0]  # nothing personal was sent anywhere
    toast = bot.api.callback_answers and list(bot.api.callback_answers.values())[-1]
    assert toast and "en privé" in toast["text"]
    assert await db.scalar("SELECT COUNT(*) FROM users") == 0
    assert await rows_holding(db, GROUP, SUPERGROUP, CHANNEL, "lina_groupe") == []
    assert await db.scalar("SELECT COUNT(*) FROM interactions") == 0
    # the same person in private is served as usual
    await lina.send("/start")
    assert "Lina" in lina.last.plain and await db.scalar("SELECT COUNT(*) FROM users") == 1


async def test_other_update_types_do_not_crash(bot, db):
    lina = bot.person(1001, "Lina")
    user = lina.spec.as_dict()
    chat = {"id": 1001, "type": "private", "first_name": "Lina"}
    others = [
        {"inline_query": {"id": "q1", "from": user, "query": "vendeur", "offset": ""}},
        {"inline_query": {"id": "q2", "from": user, "query": "x" * 256, "offset": "", "chat_type": "supergroup"}},
        {"chosen_inline_result": {"result_id": "r", "from": user, "query": "vendeur"}},
        {"poll": {"id": "p", "question": "Q ?", "options": [{"text": "a", "voter_count": 1, "persistent_id": "o1"}], "total_voter_count": 1,
                  "is_closed": False, "is_anonymous": True, "type": "regular", "allows_multiple_answers": False, "allows_revoting": False, "members_only": False}},
        {"poll_answer": {"poll_id": "p", "user": user, "option_ids": [0], "option_persistent_ids": ["o1"]}},
        {"chat_join_request": {"chat": {"id": SUPERGROUP, "type": "supergroup", "title": "G"}, "from": user,
                               "user_chat_id": 1001, "date": 0}},
        {"message_reaction": {"chat": chat, "message_id": 1, "user": user, "date": 0, "old_reaction": [],
                              "new_reaction": [{"type": "emoji", "emoji": "👍"}]}},
        {"shipping_query": {"id": "s", "from": user, "invoice_payload": "x", "shipping_address": {
            "country_code": "FR", "state": "", "city": "Lille", "street_line1": "1 rue", "street_line2": "", "post_code": "59000"}}},
        {"pre_checkout_query": {"id": "c", "from": user, "currency": "EUR", "total_amount": 1, "invoice_payload": "x"}},
        {"chat_member": {"chat": {"id": GROUP, "type": "group", "title": "G"}, "from": user, "date": 0,
                         "old_chat_member": {"status": "left", "user": user}, "new_chat_member": {"status": "member", "user": user}}},
    ]
    for number, update in enumerate(others, start=80000):
        await bot.feed({"update_id": number, **update})
    assert not bot.errors
    assert not [c for c in bot.api.calls if c.method.startswith("send")]
