package org.ssltem.fiji;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.ssltem.fiji.command.OpenInLabkit;

import static org.junit.jupiter.api.Assertions.*;

class OpenInLabkitTest {

	@Test
	void withoutLabkitTheUserIsToldHowToInstallIt() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			OpenInLabkit c = new OpenInLabkit();
			context.inject(c);
			c.run();
			assertNotNull(c.failure());
			assertTrue(c.failure().getMessage().contains("Manage Update Sites") && c.failure().getMessage().contains("\"Labkit\""), c.failure().getMessage());
			// the command service itself works: it knows SSL-TEM's own commands by class name
			assertNotNull(context.service(CommandService.class).getCommand("org.ssltem.fiji.command.OpenInLabkit"));
		}
	}
}
