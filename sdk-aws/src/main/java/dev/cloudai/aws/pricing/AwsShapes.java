package dev.cloudai.aws.pricing;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.spi.PriceQuery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The AWS shapes of a query, split by what prices them: SageMaker instance types ({@code ml.*}, platform
 * {@code sagemaker}) from the SageMaker hosting products and Savings Plans, EC2 instance types (platform {@code vm})
 * from the EC2 products and spot price history. Anything else (another platform, an instance type that is not of
 * its platform's form) is skipped and named, so the sheet can say so.
 *
 * <pre>{@code
 * AwsShapes shapes = AwsShapes.of(query);
 * shapes.sageMaker();   // [ml.g5.xlarge, ml.p4d.24xlarge]
 * shapes.vm();          // [p5.48xlarge]
 * shapes.regionsOfVm(); // the regions of the vm shapes, for spot prices when the query names no region
 * }</pre>
 *
 * @param sageMaker   SageMaker instance types, sorted
 * @param vm          EC2 instance types, sorted
 * @param regionsOfVm the regions the catalog has the EC2 shapes in, sorted
 * @param skipped     "platform/instanceType" of each shape skipped, sorted
 */
record AwsShapes(Set<String> sageMaker, Set<String> vm, Set<String> regionsOfVm, List<String> skipped) {
    static final String SAGEMAKER = "sagemaker";
    static final String VM = "vm";

    /** An EC2 instance type: family and size, such as {@code p5.48xlarge}, {@code p6-b200.48xlarge}, {@code u-6tb1.metal}. */
    private static final Pattern EC2_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");

    AwsShapes {
        sageMaker = sorted(sageMaker);
        vm = sorted(vm);
        regionsOfVm = sorted(regionsOfVm);
        skipped = List.copyOf(skipped);
    }

    private static Set<String> sorted(Set<String> values) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }

    static AwsShapes of(PriceQuery query) {
        Set<String> sageMaker = new TreeSet<>();
        Set<String> vm = new TreeSet<>();
        Set<String> vmRegions = new TreeSet<>();
        Set<String> skipped = new TreeSet<>();
        for (Offer offer : query.shapesOf("aws")) {
            String platform = offer.platform().toLowerCase(Locale.ROOT);
            String type = offer.instanceType().strip();
            if (platform.equals(SAGEMAKER) && type.startsWith("ml.") && EC2_TYPE.matcher(type.substring(3)).matches()) {
                sageMaker.add(type);
            } else if (platform.equals(VM) && !type.startsWith("ml.") && EC2_TYPE.matcher(type).matches()) {
                vm.add(type);
                vmRegions.add(offer.region());
            } else {
                skipped.add(platform + "/" + type);
            }
        }
        return new AwsShapes(sageMaker, vm, vmRegions, new ArrayList<>(skipped));
    }
}
