package dev.askdb.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated data-analysis conversation, user and assistant alternating, with facts
 * planted at known user turns and two later questions about each fact: one repeating its
 * words, one sharing only its meaning.
 *
 * <p>
 * The same seed gives the same conversation, so an end-to-end test can plant it through
 * the API and check what reached the model.
 */
public final class PlantedConversation {

	private static final String[] FACTS = {
			"By the way, our main warehouse is in Lisbon.|Where is our main warehouse?|Which city hosts the Portuguese depot?",
			"Note that our fiscal year starts in April, not January.|When does our fiscal year start?|Which month begins the financial calendar for accounting?",
			"The refunds table only goes back to 2019, older refunds were never migrated.|How far back does the refunds table go?|Why is reimbursement history missing before a certain date?",
			"Revenue figures in the sales table are stored in cents, not euros.|Are revenue figures in the sales table stored in cents?|What currency unit do the amounts use, do I need to divide by a hundred?",
			"Our biggest client is Nordwind Logistics, they bring a fifth of turnover.|Who is our biggest client?|Who is the largest customer by share of income?",
			"My manager Priya wants the weekly report every Monday morning.|When does Priya want the weekly report?|On which day is my boss expecting the recurring summary?",
			"We stopped selling in Brazil in March 2022.|When did we stop selling in Brazil?|When did we exit the South American market?",
			"Customer ids below 1000 are internal test accounts.|Which customer ids are internal test accounts?|How do I recognise the fake users our staff created for QA?",
			"The loyalty programme launched on 1 September 2021.|When did the loyalty programme launch?|Since when do we reward repeat shoppers with points?",
			"Our support team is based in Manila and works night shifts for Europe.|Where is our support team based?|In which country do the helpdesk agents sit?",
			"Orders with status 7 are fraud cancellations.|What does order status 7 mean?|Which code marks purchases voided because of scams?",
			"The marketing budget for next year is 2.4 million euros.|What is the marketing budget for next year?|How much money may advertising consume in the coming twelve months?",
			"Our average delivery time target is two days.|What is our average delivery time target?|How quickly should parcels arrive according to the goal we set?",
			"The CEO only trusts numbers from the finance warehouse, not from this database.|Which numbers does the CEO trust?|Where does the chief executive get the figures he believes?",
			"We migrated from Magento to Shopify in 2020, so product ids changed then.|When did we migrate from Magento to Shopify?|Why were the catalogue identifiers renumbered at some point?",
			"The Black Friday discount was 30 percent across the whole store.|What was the Black Friday discount?|How big was the price cut during the late November sale event?",
			"I'm preparing a board presentation for the 14th of next month.|When is the board presentation?|When do I have to show slides to the directors?",
			"Our cheapest shipping carrier is DPD, but it is the slowest.|Which shipping carrier is cheapest?|Which courier costs the least while taking longer?",
			"Subscriptions renew automatically unless cancelled in the app.|Do subscriptions renew automatically?|Do recurring plans extend by themselves without user action?",
			"The data in this database is refreshed every night at 2 am UTC.|When is the data in this database refreshed?|How often does the copy get updated and at what hour?",
			"Our headquarters moved to Berlin last year.|Where did our headquarters move?|Which German city is the head office in now?",
			"The price of the premium plan is 49 euros per month.|What is the price of the premium plan?|How much does the top tier cost each billing cycle?",
			"Returns are only accepted within 30 days of purchase.|Within how many days are returns accepted?|What is the deadline for sending goods back?",
			"Our competitor Zalando dropped their prices in June.|When did Zalando drop their prices?|Which rival made things cheaper at the start of summer?",
			"The conversion rate on mobile is half the desktop one.|How does the conversion rate on mobile compare to desktop?|Do phone visitors buy less often than people on computers?",
			"Our app was rated 4.2 stars in the App Store.|What is our App Store rating?|How do iPhone users score our software?",
			"The holiday season accounts for 40 percent of annual sales.|How much of annual sales comes from the holiday season?|What share of yearly revenue arrives around Christmas?",
			"Product category 12 is gift cards, exclude it from revenue.|Which product category is gift cards?|Which vouchers should be left out of income totals?",
			"We opened a second warehouse in Rotterdam last spring.|When did we open the second warehouse in Rotterdam?|When did the Dutch distribution centre start operating?",
			"Email campaigns are sent on Tuesdays at 10 am.|When are email campaigns sent?|Which weekday do newsletters go out?",
			"The VAT rate we apply in Germany is 19 percent.|What VAT rate do we apply in Germany?|How much consumption tax do buyers in Hamburg pay?",
			"Our churn rate last quarter was 3.1 percent.|What was our churn rate last quarter?|How many subscribers did we lose recently, proportionally?",
			"The legal team requires that emails are masked in every export.|What does the legal team require for exports?|Do lawyers want addresses hidden when sharing data?",
			"The timestamps in the events table are in local Lisbon time, not UTC.|What time zone are the event timestamps in?|Are clickstream dates recorded with a regional offset rather than universal?",
			"Our best selling product is the Aurora desk lamp.|What is our best selling product?|Which item do shoppers buy most?",
			"Last year's revenue was 18 million euros.|What was last year's revenue?|How much income did the company make in the previous twelve months?",
			"We only ship to EU countries and Switzerland.|Which countries do we ship to?|Can customers outside Europe receive deliveries?",
			"The dashboard in Metabase is the official source for KPIs.|What is the official source for KPIs?|Which reporting tool holds the authoritative performance indicators?",
			"My name is Tomas and I work in the pricing team.|What team does Tomas work in?|Which department am I part of?",
			"Inventory counts are updated only once a week, on Sundays.|How often are inventory counts updated?|How fresh are the stock levels?" };

	private static final String[] ENTITIES = { "orders", "customers", "invoices", "shipments", "returns", "sessions",
			"support tickets", "subscriptions" };

	private static final String[] TABLES = { "orders", "customers", "order_items", "products", "shipments", "invoices",
			"events", "tickets" };

	private static final String[] DIMENSIONS = { "region", "country", "product category", "sales channel", "warehouse",
			"customer segment", "payment method", "device type" };

	private static final String[] METRICS = { "revenue", "order count", "average basket size", "gross margin",
			"refund rate", "repeat purchase rate", "shipping cost", "number of active users" };

	private static final String[] PERIODS = { "last month", "Q1", "the first half of 2023", "last week", "2022",
			"the last 90 days", "December", "this year so far" };

	private static final String[] VALUES = { "Portugal", "Germany", "the Netherlands", "Spain", "France", "online",
			"retail", "enterprise", "mobile", "credit card" };

	private static final String[] COLUMNS = { "created_at", "status", "total_cents", "customer_id", "country_code",
			"warehouse_id", "discount", "channel" };

	private static final String[] USER_LINES = { "Can you show me the %metric by %dim for %period?",
			"How many %entity did we have in %period?", "Break that down by %dim, please.",
			"Why is %value so high in that result?", "Sort it by %metric descending and keep the top %n.",
			"Is there a column for %col in the %table table?", "Compare %period with %period2 for %metric.",
			"Exclude test accounts and run it again.", "Can you join %table with %table2 on %col?",
			"What is the trend of %metric over %period?", "Only keep rows where %col is not null.",
			"Which %dim had the lowest %metric in %period?" };

	private static final String[] ASSISTANT_LINES = {
			"I ran SELECT %dim, SUM(%col) FROM %table GROUP BY %dim; it returned %n rows and %value leads with %num.",
			"The %table table has the columns id, %col, created_at and status; %col looks like what you need.",
			"The %metric for %period was %num, up %pct%% on the period before.",
			"After that filter the total drops to %num across %n groups.",
			"There are %n distinct values of %dim; the top three make up %pct%% of the %metric.",
			"Joining %table with %table2 on %col gives %num rows; %pct%% of them have no match.",
			"%value is highest because of a large bulk purchase in %period.",
			"The %metric falls slowly through %period, with a spike in the second week." };

	private static final String[] ACKNOWLEDGEMENTS = { "Noted, I will keep that in mind.", "Thanks, good to know.",
			"Understood, I'll take that into account in later queries.", "Got it." };

	private final List<String> messages;

	private final List<PlantedFact> facts;

	private PlantedConversation(List<String> messages, List<PlantedFact> facts) {
		this.messages = messages;
		this.facts = facts;
	}

	/**
	 * Generates a conversation with all forty facts spread evenly over its first
	 * {@code count - 40} messages, each fact a user message answered by an
	 * acknowledgement.
	 * @param count the number of messages, even, at least 200
	 * @param seed the seed of the chit-chat
	 * @return the conversation
	 */
	public static PlantedConversation generate(int count, long seed) {
		Random random = new Random(seed);
		List<String> messages = new ArrayList<>(count);
		for (int index = 0; index < count; index++) {
			messages.add((index % 2 == 0) ? fill(random, USER_LINES) : fill(random, ASSISTANT_LINES));
		}
		List<PlantedFact> facts = new ArrayList<>();
		int spacing = ((count - 40) / FACTS.length) & ~1;
		for (int i = 0; i < FACTS.length; i++) {
			String[] parts = FACTS[i].split("\\|");
			int index = 20 + i * spacing;
			messages.set(index, parts[0]);
			messages.set(index + 1, ACKNOWLEDGEMENTS[random.nextInt(ACKNOWLEDGEMENTS.length)]);
			facts.add(new PlantedFact(index, parts[0], parts[1], parts[2]));
		}
		return new PlantedConversation(List.copyOf(messages), List.copyOf(facts));
	}

	/**
	 * Generates plausible chit-chat without facts.
	 * @param random the source of randomness
	 * @param index the message's index, which decides its role
	 * @return the message
	 */
	public static String chitChat(Random random, int index) {
		return (index % 2 == 0) ? fill(random, USER_LINES) : fill(random, ASSISTANT_LINES);
	}

	public List<String> messages() {
		return this.messages;
	}

	public List<PlantedFact> facts() {
		return this.facts;
	}

	private static String fill(Random random, String[] templates) {
		String line = templates[random.nextInt(templates.length)];
		line = line.replace("%metric", pick(random, METRICS))
			.replace("%dim", pick(random, DIMENSIONS))
			.replace("%period2", pick(random, PERIODS))
			.replace("%period", pick(random, PERIODS))
			.replace("%entity", pick(random, ENTITIES))
			.replace("%value", pick(random, VALUES))
			.replace("%col", pick(random, COLUMNS))
			.replace("%table2", pick(random, TABLES))
			.replace("%table", pick(random, TABLES))
			.replace("%num", String.valueOf(100 + random.nextInt(90_000)))
			.replace("%pct%%", (1 + random.nextInt(60)) + "%")
			.replace("%n", String.valueOf(2 + random.nextInt(30)));
		return Character.toUpperCase(line.charAt(0)) + line.substring(1);
	}

	private static String pick(Random random, String[] values) {
		return values[random.nextInt(values.length)];
	}

	/**
	 * A fact planted as a user message, and two questions about it.
	 *
	 * @param index the message index where the fact was planted
	 * @param statement the fact as the user said it
	 * @param wordsQuestion a question repeating the fact's words
	 * @param meaningQuestion a question sharing no content word with the fact
	 */
	public record PlantedFact(int index, String statement, String wordsQuestion, String meaningQuestion) {

	}

}
