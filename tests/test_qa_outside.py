"""Outside tester's pass (a 16-year-old, a Mission Locale advisor, a coordinator, odd inputs): one journey per defect fixed."""

from bot.events.service import cancel_event
from tests.advisors_helpers import make_advisor
from tests.events_helpers import make_event, young
from tests.test_journey_account import onboard


async def region_of(db, chat_id):
    return tuple(await db.fetchone("SELECT region, departement FROM users WHERE chat_id = ?", (chat_id,)))


# --- a number typed where a button is expected never moves the person to another département ---


async def test_a_number_typed_during_the_quiz_does_not_change_the_region(bot, db):
    lina = bot.person(8001, "Lina")
    await lina.send("/start")
    await lina.send("59000")
    await lina.press("Non merci")
    await lina.send("/quiz")
    await lina.send("2")  # she meant the quiz's second answer: was « C'est noté : Hauts-de-France (Aisne) »
    assert await region_of(db, 8001) == ("32", "59")
    assert "touche directement" in lina.last.plain and "C'est noté" not in lina.last.plain
    await lina.press("Aisne (Hauts-de-France)")  # if it really was her département, one tap
    assert await region_of(db, 8001) == ("32", "02") and "C'est noté" in lina.last.plain
    await lina.send("99")  # no département has this number
    assert "touche directement" in lina.last.plain and "pas trouvé de métier" not in lina.last.plain
    await lina.send("20")
    await lina.press("Corse")  # a number naming a whole region (no département) is offered too
    assert (await region_of(db, 8001))[0] == "94"
    await lina.send("75011")  # a postal code is still a place typed alone
    assert "C'est noté : Île-de-France" in lina.last.plain


async def test_a_short_number_does_not_set_the_region_of_someone_who_kept_it_to_themselves(bot, db):
    sam = bot.person(8002, "Sam")
    await sam.send("/start")
    await sam.press("Je préfère ne pas le dire")
    await sam.send("/quiz")
    await sam.send("13")
    assert await region_of(db, 8002) == (None, None)
    assert "Bouches-du-Rhône" in " ".join(sam.last.labels)
    await sam.send("13005")  # a postal code still answers at any time
    assert (await region_of(db, 8002))[0] == "93"


# --- a job's own name is searched, even when a brand is spelled alike ---


async def test_boulangere_is_a_job_not_the_household_appliances_brand(bot, catalogue):
    lina = bot.person(8003, "Lina")
    await onboard(lina)
    for text in ("boulangère", "boulangerie", "Boulanger"):  # was: the « Électroménager et multimédia » branch
        await lina.send(text)
        assert "Boulanger·ère en supermarché" in " ".join(lina.last.labels), text
    await lina.send("animalier")
    assert any("animalerie" in label for label in lina.last.labels)
    await lina.send("darty")  # a brand that is no job's word still leads to its branch
    assert catalogue.branch("audiovisuel-electromenager").nom in lina.last.plain


async def test_a_word_one_typo_away_from_a_short_brand_is_not_that_brand(bot, catalogue):
    lina = bot.person(8010, "Lina")
    await onboard(lina)
    clothes, food = catalogue.branch("habillement").nom, catalogue.branch("alimentaire-predominance").nom
    await lina.send("manga")  # was: the clothes shops (Mango)
    assert clothes not in lina.last.plain
    await lina.send("carreleur")  # was: the supermarkets (Carrefour, two letters away)
    assert food not in lina.last.plain
    await lina.send("decatlon")  # a long brand's name still forgives one typo
    assert catalogue.branch("sports-loisirs").nom in lina.last.plain


# --- staff asking for help get their own commands, with « vous » ---


async def test_an_advisor_typing_aide_gets_the_advisors_commands(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/aide")
    text = advisor.last.plain
    assert "/annonce" in text and "/questions" in text and "Vous" in text
    assert "Ce que tu peux faire" not in text  # was: the young people's help
    coordinator = bot.person(900001, "Nadia")
    await coordinator.send("/help")
    assert "/export" in coordinator.last.plain
    await coordinator.press("Menu")  # browsing as a young person: their help stays one tap away
    await coordinator.press("Aide")
    assert "Ce que tu peux faire" in coordinator.last.plain


# --- an old card's « Me désinscrire » after the event was cancelled ---


async def test_leaving_a_cancelled_event_from_an_old_card_says_it_is_cancelled(bot):
    event_id = await make_event(bot.ctx, capacity=10)
    lina = await young(bot, 8004)
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Je m'inscris")
    card = lina.messages()[-2]
    await cancel_event(bot.ctx, event_id, actor=None)
    await lina.press("Me désinscrire", card)
    shown = next(m for m in lina.messages() if m.id == card.id).plain  # the pressed card, edited in place
    assert "Cet événement est annulé" in shown
    assert "Tu veux vraiment te désinscrire" not in shown and "Ta place ira" not in shown


# --- what /aide promises for /recherche works: « /recherche alternance », « /recherche j'ai pas le bac » ---


async def test_recherche_with_words_the_help_suggests_gets_their_answer(bot, db):
    lina = bot.person(8005, "Lina")
    await onboard(lina)
    await lina.send("/recherche alternance")  # was: « Je n'ai pas trouvé de métier pour « alternance » »
    assert "pas trouvé" not in lina.last.plain and "apprentissage" in lina.last.plain
    await lina.send("/recherche j'ai pas le bac")
    assert "Sans diplôme, c'est possible" in lina.last.plain
    await lina.send("/recherche Marseille")  # a place in /recherche is searched, the region is not changed
    assert (await region_of(db, 8005))[0] == "53"
    assert await db.scalar("SELECT COUNT(*) FROM interactions WHERE kind = 'search_unmet' AND key = 'alternance'") == 0


async def test_words_left_around_an_intent_are_shown_only_when_they_name_jobs(bot):
    lina = bot.person(8006, "Lina")
    await onboard(lina)
    await lina.send("j'ai pas le bac")  # was: « Des métiers ouverts sans diplôme pour « ai » »
    assert "« ai »" not in lina.last.plain and "Des métiers ouverts sans diplôme :" in lina.last.plain
    await lina.send("vendeuse sans diplome")
    assert "pour « vendeuse »" in lina.last.plain


# --- branches are feminine (the screens were written for « univers ») ---


async def test_branch_choices_agree_with_branche(bot):
    lina = bot.person(8007, "Lina")
    await lina.send("/start")
    await lina.press("Bretagne")
    await lina.press("Oui, préviens-moi")
    await lina.press("Choisir mes branches")
    assert "Touche celles qui" in lina.last.plain
    await lina.send("/alertes")
    await lina.press("Choisir les branches")
    assert "aucune, je te préviens pour toutes" in lina.last.plain
    await lina.send("/mesdonnees")
    assert "Branches choisies : aucune" in lina.messages()[-2].plain + lina.last.plain


# --- something that is not text at the wrong moment ---

STICKER = {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False}


async def test_a_position_sent_at_the_region_question_is_told_how_to_answer(bot, db):
    lina = bot.person(8008, "Lina")
    await lina.send("/start")
    await lina.send(location={"latitude": 43.3, "longitude": 5.37})  # was: « écris-moi un métier »
    assert "code postal" in lina.last.plain and "Choisir ma région" in " ".join(lina.last.labels)
    await lina.send("13005")
    assert (await region_of(db, 8008))[0] == "93"
    await lina.send(location={"latitude": 43.3, "longitude": 5.37})  # question answered: the usual answer
    assert "code postal" not in lina.last.plain and "un métier" in lina.last.plain


async def test_a_sticker_while_writing_to_an_advisor_is_refused_like_a_photo(bot, db):
    lina = bot.person(8009, "Lina")
    await lina.send("/start")
    await lina.send("59000")
    await lina.press("Non merci")
    await lina.send("/contact")
    await lina.press("Écrire à un conseiller")
    for content in ({"sticker": STICKER}, {"contact": {"phone_number": "+33600000000", "first_name": "Lina"}}):
        await lina.send(**content)  # was: « Je ne sais lire que le texte... écris-moi un métier »
        assert "Écris ton message en texte" in lina.last.plain
    await lina.send("Bonjour, je cherche un stage")
    assert "avant l'envoi" in lina.last.plain  # the question being written was kept


# --- a coordinator's typo in /export is explained with /export's own usage ---


async def test_export_with_a_wrong_period_shows_the_export_usage(bot):
    coordinator = bot.person(900001, "Nadia")
    await coordinator.send("/export 2027-13")  # was: « Utilisation : /stats [période] [région] »
    assert "Je n'ai pas compris « 2027-13 »" in coordinator.last.plain
    assert "/export [période] [région]" in coordinator.last.plain and "/stats" not in coordinator.last.plain


# --- registering on the day: only the reminders that will really come are promised ---


async def test_registering_the_same_afternoon_does_not_promise_yesterdays_reminder(bot, clock):
    soon = await make_event(bot.ctx, "Atelier CV", day=1, hour=11, hours=1)  # today 11:00; the clock says 10:00
    later = await make_event(bot.ctx, "Job dating", day=1, hour=17)
    next_week = await make_event(bot.ctx, "Forum", day=8, hour=10)
    lina = await young(bot, 8011)
    expected = {soon: "Pense à l'ajouter", later: "Je te le rappellerai quelques heures avant.",
                next_week: "Je te le rappellerai la veille et quelques heures avant."}
    for event_id, promise in expected.items():
        await lina.send(f"/start evt_{event_id}")
        await lina.press("Je m'inscris")
        assert promise in lina.last.plain, event_id
        if event_id != next_week:  # was: « Je te le rappellerai la veille et quelques heures avant » every time
            assert "la veille" not in lina.last.plain and "la veille" not in lina.messages()[-2].plain
    await lina.send(f"/start evt_{soon}")
    assert "Tu es inscrit·e !" in lina.last.plain and "rappellerai" not in lina.last.plain


# --- the console's demo advisor is attached to their Mission Locale, like an invited advisor ---


async def test_the_demo_advisor_counts_for_their_mission_locale(bot):
    from devtools import demo

    await demo.seed(bot.ctx)
    await demo.prepare_persona(bot.ctx, "conseiller")
    await demo.prepare_persona(bot.ctx, "coordinateur")
    nadia = bot.person(*demo.PERSONAS["coordinateur"])
    await nadia.send("/couverture")  # was: « Hauts-de-France : 3 sur 3 », Lille listed although Samir works there
    assert "Mission Locale de Roubaix" in nadia.last.plain and "Mission Locale de Lille" not in nadia.last.plain


# --- back buttons lead back where the person came from ---


async def test_a_card_opened_from_my_registrations_goes_back_to_them(bot):
    event_id = await make_event(bot.ctx, capacity=10)
    lina = await young(bot, 8012)
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Je m'inscris")
    await lina.send("/mesinscriptions")
    await lina.press("Job dating Lille")
    await lina.press("⬅️ Mes inscriptions")  # was: « ⬅️ Actions près de chez moi » only
    assert "Mes inscriptions" in lina.last.plain
    await lina.send(f"/start evt_{event_id}")  # opened another way: back to the list of actions
    assert "⬅️ Actions près de chez moi" in lina.last.labels


# --- the Mission Locale's own offer, named the way young people hear it ---


async def test_asking_about_the_cej_leads_to_the_mission_locale(bot):
    lina = bot.person(8013, "Lina")
    await onboard(lina)
    for text in ("c'est quoi le CEJ", "contrat d'engagement jeune", "la garantie jeunes"):
        await lina.send(text)  # was: toy shop jobs (« jeune » read as « jouet »)
        assert "Ta Mission Locale" in lina.last.plain and "jouet" not in " ".join(lina.last.labels).lower(), text


# --- « les jeunes des Hauts-de-France », not « de Hauts-de-France » ---


async def test_staff_screens_name_the_region_with_the_right_article(bot):
    advisor, _ = await make_advisor(bot)  # Hauts-de-France
    await advisor.send("/annonce")  # was: « Nouvelle annonce pour les jeunes de Hauts-de-France »
    assert "pour les jeunes des Hauts-de-France" in advisor.last.plain
    paris, _ = await make_advisor(bot, 2002, "11", "Mission Locale de Paris", "Hugo")
    await paris.send("/annonce")
    assert "pour les jeunes d'Île-de-France" in paris.last.plain
    rennes, _ = await make_advisor(bot, 2003, "53", "Mission Locale de Rennes", "Léa")
    await rennes.send("/annonce")
    assert "pour les jeunes de Bretagne" in rennes.last.plain


async def test_an_advisors_role_line_needs_no_article_before_the_organisation(bot):
    advisor, _ = await make_advisor(bot, organisation="ARML Hauts-de-France")
    await advisor.send("/start")  # was: « Vous êtes conseiller ou conseillère de ARML Hauts-de-France (Hauts-de-France) »
    assert "conseillère (ARML Hauts-de-France, Hauts-de-France)" in advisor.last.plain


# --- an advisor tapping their invitation link a second time ---


async def test_opening_ones_own_invitation_again_is_not_refused(bot):
    nadia = bot.person(900001, "Nadia")
    await nadia.send("/invite conseiller 32 Mission Locale de Roubaix")
    code = next(w for w in nadia.last.plain.split() if "start=inv_" in w).split("start=")[1]
    karim = bot.person(555, "Karim")
    await karim.send(f"/start {code}")
    await karim.send(f"/start {code}")  # was: « Ce lien d'invitation a déjà été utilisé... demandez-en un nouveau »
    assert "déjà été utilisé" not in karim.last.plain and "/annonce" in karim.last.plain
    tom = bot.person(556, "Tom")
    await tom.send(f"/start {code}")  # anybody else: still one use only
    assert "déjà été utilisé" in tom.last.plain
    assert await bot.ctx.db.scalar("SELECT COUNT(*) FROM roles WHERE chat_id IN (555, 556)") == 1


# --- a shared link to a job the catalogue no longer has says so ---


async def test_a_link_to_a_job_that_no_longer_exists_says_so(bot):
    lina = bot.person(8014, "Lina")
    await onboard(lina)
    await lina.send("/start metier_vendeur-de-disques")  # was: « Re-salut Lina » as if nothing had been asked
    assert "Je ne trouve pas ce que ce lien devait ouvrir" in lina.last.plain and "Re-salut" in lina.last.plain
    await lina.send("/start src_affiche")  # a campaign link is not a broken link
    assert "Je ne trouve pas" not in lina.last.plain
    sam = bot.person(8015, "Sam")
    answers = await sam.send("/start branche_0000")
    assert "Je ne trouve pas ce que ce lien devait ouvrir" in answers[-1].plain and "région" in answers[-1].plain
