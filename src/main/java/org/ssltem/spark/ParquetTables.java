package org.ssltem.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/**
 * The job's tables as one Parquet file each, written on the driver with Parquet's own writer rather than a Spark SQL
 * job: Spark SQL's start-up in a session took 1 to 6 s, as long as the images themselves in a short job. The columns
 * are what Spark would write (strings, doubles, an array of floats), so Spark, pandas and R read them alike.
 */
final class ParquetTables {

	private ParquetTables() {}

	/** Writes the table beside its place in {@code out} and renames it into place, so readers never see half a table. */
	static void write(OutputStore out, String name, StructType schema, List<Row> rows) {
		String tmp = "." + name + ".tmp-" + UUID.randomUUID();
		MessageType type = parquetSchema(schema);
		Configuration conf = HadoopFiles.configuration();
		// local files without Hadoop's .crc files beside them
		conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
		conf.setBoolean("fs.file.impl.disable.cache", true);
		SimpleGroupFactory groups = new SimpleGroupFactory(type);
		try {
			try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(out.uri(tmp)), conf))
				.withConf(conf).withType(type).withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.CREATE).build())
			{
				for (Row row : rows) writer.write(group(groups.newGroup(), schema, row));
			}
			out.replace(tmp, name);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not write " + out.location(name) + ": " + e.getMessage(), e);
		}
		finally {
			out.delete(tmp);
		}
	}

	static MessageType parquetSchema(StructType schema) {
		Types.MessageTypeBuilder b = Types.buildMessage();
		for (StructField f : schema.fields()) b.addField(column(f));
		return b.named("spark_schema");
	}

	private static Type column(StructField f) {
		Type.Repetition r = f.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
		DataType t = f.dataType();
		if (t.equals(DataTypes.StringType)) return Types.primitive(PrimitiveTypeName.BINARY, r).as(LogicalTypeAnnotation.stringType()).named(f.name());
		if (t.equals(DataTypes.DoubleType)) return Types.primitive(PrimitiveTypeName.DOUBLE, r).named(f.name());
		if (t instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType) && !a.containsNull())
			return Types.list(r).requiredElement(PrimitiveTypeName.FLOAT).named(f.name());
		throw new IllegalArgumentException("no Parquet column for " + f + " (strings, doubles and arrays of floats are written)");
	}

	private static Group group(Group g, StructType schema, Row row) {
		StructField[] fields = schema.fields();
		for (int i = 0; i < fields.length; i++) {
			Object v = row.get(i);
			if (v == null) {
				if (!fields[i].nullable()) throw new IllegalArgumentException("column " + fields[i].name() + " is null in " + row);
				continue;
			}
			String name = fields[i].name();
			if (v instanceof String s) g.append(name, Binary.fromString(s));
			else if (v instanceof Double d) g.append(name, d);
			else if (v instanceof Float[] floats) {
				Group list = g.addGroup(name);
				for (Float x : floats) list.addGroup("list").append("element", x);
			}
			else throw new IllegalArgumentException("column " + name + ": no Parquet value for " + v.getClass().getSimpleName());
		}
		return g;
	}
}
