package org.ssltem.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class VersionsTest {

	@Test
	void theProcessorIsItsModelItsWidestVectorUnitAndTheCores() {
		List<String> epyc = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC",
			"flags\t\t: fpu sse sse2 avx fma avx2 bmi2", "", "processor\t: 1", "model name\t: AMD EPYC", "flags\t\t: fpu avx");
		assertEquals("AMD EPYC, avx2, 2 cores", Versions.processor(epyc, "amd64", 2));
		List<String> xeon = List.of("model name\t: Intel(R) Xeon(R) Gold 6248", "flags\t: sse avx avx2 avx512f avx512bw");
		assertEquals("Intel(R) Xeon(R) Gold 6248, avx512f, 1 core", Versions.processor(xeon, "amd64", 1));
		// arm64 Linux has no model name, and calls its flags Features
		List<String> arm = List.of("processor\t: 0", "BogoMIPS\t: 50.00", "Features\t: fp asimd evtstrm aes crc32");
		assertEquals("aarch64, asimd, 4 cores", Versions.processor(arm, "aarch64", 4));
		assertEquals("x86_64, 8 cores", Versions.processor(List.of(), "x86_64", 8));
	}

	@Test
	void thisMachinesProcessorNamesItsCores() {
		String p = Versions.processor();
		assertTrue(p.endsWith(Runtime.getRuntime().availableProcessors() + (Runtime.getRuntime().availableProcessors() == 1 ? " core" : " cores")), p);
	}
}
