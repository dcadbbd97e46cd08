package com.ecsprovisioner.automation;

import com.ecsprovisioner.cost.Costs;
import com.ecsprovisioner.cost.PriceQuote;
import com.ecsprovisioner.platform.Rejected;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The prices a command's answer tells: a deployment's, a resize's before and after, read through the cost boundary
 * the console's forms use (the cloud's DescribePrice, cached with its age). {@code NOT_SUPPORTED}: a price that
 * cannot be read is a refusal of the cost boundary, and a refusal rolls back the transaction it passes through; the
 * command's own transaction (the job it made) must not be spoiled by it, so the price is read outside it. A price
 * that cannot be read is answered as {@code priceUnavailable} with the reason, never as a refusal of the command.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CommandPrices {

    @EJB
    Costs costs;

    private static final Logger LOG = Logger.getLogger(CommandPrices.class.getName());

    /** A new server's price, the profile's defaults filling what is left out. */
    public Map<String, Object> deployment(long profileId, String instanceType, String diskCategory, Integer diskSizeGiB) {
        return deployment(profileId, null, instanceType, diskCategory, diskSizeGiB);
    }

    /** A new server's price in {@code regionId} (null: the profile's region), where prices may differ. */
    public Map<String, Object> deployment(long profileId, String regionId, String instanceType, String diskCategory,
                                          Integer diskSizeGiB) {
        try {
            return Map.of("price", json(costs.deployPrice(profileId, regionId, instanceType, diskCategory, diskSizeGiB)));
        } catch (Rejected unavailable) {
            return Map.of("priceUnavailable", unavailable.getMessage());
        } catch (EJBException failed) {
            return ours(failed);
        }
    }

    /** A resize's price before and after, and the monthly change. */
    public Map<String, Object> resize(long serverId, String newType) {
        try {
            Costs.Resize r = costs.resizePrice(serverId, newType);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("priceBefore", json(r.before()));
            out.put("priceAfter", json(r.after()));
            out.put("monthlyChange", r.monthlyChange());
            return out;
        } catch (Rejected unavailable) {
            return Map.of("priceUnavailable", unavailable.getMessage());
        } catch (EJBException failed) {
            return ours(failed);
        }
    }

    /**
     * A failure of ours while reading a price: logged, and told as unavailable. The price only informs; a deploy or a
     * resize must not be held back (redelivered again and again) because it could not be priced.
     */
    private static Map<String, Object> ours(EJBException failed) {
        LOG.log(Level.WARNING, "A price for a command's answer could not be read", failed);
        return Map.of("priceUnavailable", "price unavailable: it could not be read (see the product's log)");
    }

    /** A price as events carry it: the cloud's hourly amount as given, the month of 730 hours, the currency, its age. */
    static Map<String, Object> json(PriceQuote q) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("currency", q.currency());
        out.put("perHour", q.perHour());
        out.put("perMonth", q.perMonth());
        out.put("readAt", q.readAt().toString());
        return out;
    }
}
