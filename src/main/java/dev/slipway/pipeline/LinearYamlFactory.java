package dev.slipway.pipeline;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.parser.ParserImpl;

/**
 * Jackson's YAML factory with SnakeYAML's reader swapped for {@link WholeTextReader}, so reading a pipeline file
 * takes time in proportion to its size (the stock reader is quadratic in the length of a single line).
 */
final class LinearYamlFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    LinearYamlFactory() {
        // "key:" with nothing after it becomes null, so that it can be told apart from key: ""
        super(YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL));
    }

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) throws IOException {
        LoaderOptions options = _loaderOptions == null ? new LoaderOptions() : _loaderOptions;
        ParserImpl events = new ParserImpl(new WholeTextReader(readAll(reader)), options);
        return new Parser(context, _parserFeatures, _yamlParserFeatures, reader, events);
    }

    private static String readAll(Reader reader) throws IOException {
        StringWriter text = new StringWriter();
        reader.transferTo(text);
        return text.toString();
    }

    /** Only to reach YAMLParser's constructor that takes SnakeYAML's parser as it is. */
    private static final class Parser extends YAMLParser {
        Parser(IOContext context, int features, int yamlFeatures, Reader reader, ParserImpl events) {
            super(context, features, yamlFeatures, null, reader, events);
        }
    }
}
