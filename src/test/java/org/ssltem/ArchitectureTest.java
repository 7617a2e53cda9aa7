package org.ssltem;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout's rules, held by the compiled code: packages follow the pipeline without cycles; the Fiji plugin
 * (which lives outside the engine's class loader) sees the engine only through {@code api}; the engine knows no
 * UI or CLI library.
 */
class ArchitectureTest {

	private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.ssltem");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("org.ssltem.(*)..").should().beFreeOfCycles().check(MAIN);
		slices().matching("org.ssltem.fiji.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void theApiIsPlainJava() {
		classes().that().resideInAPackage("org.ssltem.api..").should().onlyDependOnClassesThat().resideInAnyPackage("org.ssltem.api..", "java..")
			.check(MAIN);
	}

	@Test
	void theFijiPluginSeesTheEngineOnlyThroughTheApi() {
		noClasses().that().resideInAPackage("org.ssltem.fiji..").and().resideOutsideOfPackage("org.ssltem.fiji.updatesite..")
			.should().dependOnClassesThat().resideInAnyPackage("org.ssltem.engine..", "org.ssltem.core..", "org.ssltem.data..", "org.ssltem.nn..",
				"org.ssltem.train..", "org.ssltem.infer..", "org.ssltem.eval..", "org.ssltem.report..", "org.ssltem.morph..", "org.ssltem.synthetic..",
				"org.ssltem.augment..", "org.ssltem.interop..", "org.ssltem.export..", "org.ssltem.bench..", "org.ssltem.demo..", "org.ssltem.cli..",
				"org.tensorflow..")
			.check(MAIN);
		noClasses().that().resideInAPackage("org.ssltem.annotate..").should().dependOnClassesThat()
			.resideInAnyPackage("org.ssltem.engine..", "org.ssltem.core..", "org.ssltem.nn..", "org.ssltem.train..", "org.ssltem.infer..", "org.tensorflow..")
			.check(MAIN);
	}

	@Test
	void theEngineImportsNoUiOrCliLibrary() {
		noClasses().that().resideOutsideOfPackages("org.ssltem.fiji..", "org.ssltem.cli..")
			.should().dependOnClassesThat().resideInAnyPackage("picocli..", "org.scijava..", "javax.swing..", "java.awt.event..")
			.orShould().dependOnClassesThat().areAssignableTo(java.awt.Component.class)
			.check(MAIN);
	}

	@Test
	void onlyTheCommandLineReachesSpark() {
		// Spark is "provided" for the command line, and the Fiji engine jar leaves org.ssltem.spark out: the engine and
		// the plugin must run without either
		noClasses().that().resideInAPackage("org.ssltem..").and().resideOutsideOfPackages("org.ssltem.cli..", "org.ssltem.spark..")
			.should().dependOnClassesThat().resideInAnyPackage("org.ssltem.spark..", "org.apache.spark..", "scala..")
			.check(MAIN);
	}

	@Test
	void theCommandLineIsAFaceOfTheEngineNotOfFiji() {
		noClasses().that().resideInAPackage("org.ssltem.cli..").should().dependOnClassesThat().resideInAPackage("org.ssltem.fiji..").check(MAIN);
	}
}
