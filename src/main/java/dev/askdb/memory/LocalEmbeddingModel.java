package dev.askdb.memory;

import java.io.IOException;
import java.io.InputStream;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The quantized all-MiniLM-L6-v2 model from its langchain4j jar, run by an ONNX session
 * that computes on the calling thread alone and does not spin-wait.
 *
 * <p>
 * The jar's own model class opens its session with ONNX Runtime's defaults: a worker
 * thread per core that spin-waits between operations. On a server that takes about 1.7
 * cores for 0.8 core's worth of embedding (measured on the two-core build machine, one
 * short message at a time), and the spinning comes out of the request threads' share.
 * Here embeddings already run on their own bounded pool, so one thread per embedding and
 * no spinning keep the model to the cores that pool is given, for the same single-text
 * latency (about 5 ms for a short question).
 */
final class LocalEmbeddingModel extends AbstractInProcessEmbeddingModel {

	static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";

	static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

	private static final int DIMENSION = 384;

	private final OnnxBertBiEncoder encoder;

	LocalEmbeddingModel() {
		super(Runnable::run);
		this.encoder = load();
	}

	@Override
	protected OnnxBertBiEncoder model() {
		return this.encoder;
	}

	@Override
	protected Integer knownDimension() {
		return DIMENSION;
	}

	private static OnnxBertBiEncoder load() {
		try (InputStream model = resource(MODEL_RESOURCE);
				InputStream tokenizer = resource(TOKENIZER_RESOURCE);
				OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			options.addConfigEntry("session.intra_op.allow_spinning", "0");
			options.addConfigEntry("session.inter_op.allow_spinning", "0");
			OrtEnvironment environment = OrtEnvironment.getEnvironment();
			OrtSession session = environment.createSession(model.readAllBytes(), options);
			return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
		}
		catch (IOException | OrtException ex) {
			throw new IllegalStateException("The local embedding model could not be loaded", ex);
		}
	}

	private static InputStream resource(String name) throws IOException {
		InputStream stream = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
		if (stream == null) {
			throw new IOException(name + " is missing from the class path");
		}
		return stream;
	}

}
