package io.flowmatch.core.model;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link MlpVelocityModel} with each activation, held to {@link VelocityModelContractTest}. */
class MlpVelocityModelContractTest {

    @Nested
    class Defaults extends VelocityModelContractTest {
        @Override
        protected VelocityModel model(int dimension, DataType dataType, long seed) {
            return MlpVelocityModel.initialise(MlpArchitecture.defaults(dimension), dataType, seed);
        }
    }

    @Nested
    class SmallTanh extends VelocityModelContractTest {
        @Override
        protected VelocityModel model(int dimension, DataType dataType, long seed) {
            return MlpVelocityModel.initialise(new MlpArchitecture(dimension, List.of(7, 5), Activation.TANH), dataType, seed);
        }

        @Override
        protected int dimension() {
            return 2;
        }
    }

    @Nested
    class OneLayerGelu extends VelocityModelContractTest {
        @Override
        protected VelocityModel model(int dimension, DataType dataType, long seed) {
            return MlpVelocityModel.initialise(new MlpArchitecture(dimension, List.of(16), Activation.GELU), dataType, seed);
        }

        @Override
        protected int dimension() {
            return 1;
        }
    }

    /** A class-conditional network: through a plain pass, every row has the null label. */
    @Nested
    class ConditionalOnThreeClasses extends VelocityModelContractTest {
        @Override
        protected VelocityModel model(int dimension, DataType dataType, long seed) {
            return MlpVelocityModel.initialise(new MlpArchitecture(dimension, List.of(8, 6), Activation.ELU, 3),
                    dataType, seed);
        }

        @Override
        protected int dimension() {
            return 2;
        }
    }
}
