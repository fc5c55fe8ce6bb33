package dev.cloudai.accelerator;

/**
 * How an offer is paid for, the first cost decision a team makes: on demand, spot (interruptible, cheapest), or a
 * one- or three-year commitment (AWS Savings Plans and reserved terms, Google committed-use discounts, Azure
 * reservations). Each is a price column of the catalog; {@link Offer#price(PricingModel)} reads it.
 *
 * <pre>{@code
 * catalog.select(AcceleratorRequirement.builder().accelerators("H100").pricing(PricingModel.COMMITTED_1Y).build());
 * }</pre>
 */
public enum PricingModel {
    /** Pay by the hour, no commitment: the {@code price_per_hour} column. */
    ON_DEMAND("price_per_hour", "on-demand"),
    /** Interruptible capacity: the {@code spot_price_per_hour} column. */
    SPOT("spot_price_per_hour", "spot"),
    /** The effective hourly price of a one-year commitment, no upfront payment: the optional {@code committed_1y_price_per_hour} column. */
    COMMITTED_1Y("committed_1y_price_per_hour", "1-year committed"),
    /** The effective hourly price of a three-year commitment, no upfront payment: the optional {@code committed_3y_price_per_hour} column. */
    COMMITTED_3Y("committed_3y_price_per_hour", "3-year committed");

    private final String column;
    private final String label;

    PricingModel(String column, String label) {
        this.column = column;
        this.label = label;
    }

    /** The catalog CSV column that holds this price. */
    public String column() {
        return column;
    }

    /** How messages name it, for example {@code 1-year committed}. */
    public String label() {
        return label;
    }
}
