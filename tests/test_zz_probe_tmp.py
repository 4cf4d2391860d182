from storage import users
async def test_probe(bot):
    api = bot.api
    lina = bot.person(1001, "Lina", "lina")
    def grp(text, type_="group", key="message"):
        u = api.user_message(lina.spec, text)
        m = u.pop("message")
        m["chat"] = {"id": -100123, "type": type_, "title": "Groupe"}
        if type_ == "channel":
            m.pop("from")
            m["sender_chat"] = m["chat"]
        u[key] = m
        return u
    for t, ty, key in [("/start", "group", "message"), ("bonjour", "group", "message"), ("/oubli", "supergroup", "message"),
                       ("/stats", "supergroup", "message"), ("vendeur", "channel", "channel_post"), ("/start", "channel", "channel_post"),
                       ("/annonce", "group", "message"), ("/menu@PasserelleCommerceBot", "group", "message")]:
        n = len(api.calls)
        await bot.feed(grp(t, ty, key))
        print(t, ty, [(c.method, str(c.params.get("chat_id")), str(c.params.get("text"))[:50]) for c in api.calls[n:]])
    await bot.feed({"update_id": 999, "inline_query": {"id": "q1", "from": lina.spec.as_dict(), "query": "vendeur", "offset": ""}})
    print(await bot.ctx.db.fetchall("SELECT chat_id, first_name FROM users"))
    print(bot.errors)
