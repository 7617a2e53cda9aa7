package org.ssltem.annotate;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** "Keep training while I paint": one round per burst of changes, never two at once, nothing while off. */
class KeepTrainingTest {

	@Test
	void strokesWhileARoundRunsAreTakenByOneMoreRoundAfterIt() {
		AtomicInteger rounds = new AtomicInteger();
		KeepTraining k = new KeepTraining(rounds::incrementAndGet);
		k.changed();
		assertEquals(0, rounds.get(), "off: painting starts nothing");
		k.on(true);
		assertEquals(1, rounds.get(), "turned on with untrained strokes: a round starts");
		k.started();
		k.changed();
		k.changed();
		k.changed();
		assertEquals(1, rounds.get(), "never two rounds at once");
		k.ended();
		assertEquals(2, rounds.get(), "the three strokes painted meanwhile: one more round");
		k.started();
		k.ended();
		assertEquals(2, rounds.get(), "nothing changed since: no round");
	}

	@Test
	void offStopsStartingRoundsAndAManualRoundCountsToo() {
		AtomicInteger rounds = new AtomicInteger();
		KeepTraining k = new KeepTraining(rounds::incrementAndGet);
		k.on(true);
		assertEquals(0, rounds.get(), "on without strokes: nothing to train");
		k.started(); // the user pressed Train
		k.changed();
		k.ended();
		assertEquals(1, rounds.get(), "the stroke painted during the user's round trains after it");
		k.started();
		k.on(false);
		k.changed();
		k.ended();
		assertEquals(1, rounds.get(), "off: no more rounds");
		k.on(true);
		assertEquals(2, rounds.get(), "on again: the stroke painted while off trains");
		k.deferred(); // the window was busy predicting
		assertEquals(2, rounds.get());
		k.ended(); // the prediction ended
		assertEquals(3, rounds.get(), "the deferred round starts when the other work ends");
	}
}
