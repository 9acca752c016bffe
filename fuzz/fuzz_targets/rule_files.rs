//! Account, supplier, keyword and CPV maps and factor files on arbitrary
//! bytes: must never panic, and a rejected file must leave no rule behind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upphandla_core::classify::ClassifierBuilder;
use upphandla_formats::maps;

fuzz_target!(|data: &[u8]| {
    let readers: [fn(&[u8], &str, &mut ClassifierBuilder) -> Result<usize, maps::MapError>; 4] = [
        maps::read_account_map,
        maps::read_supplier_map,
        maps::read_keywords,
        maps::read_cpv_map,
    ];
    for read in readers {
        let mut builder = ClassifierBuilder::new();
        let result = read(data, "fuzz.csv", &mut builder);
        if let Ok(classifier) = builder.build() {
            if result.is_err() {
                // All-or-nothing: only the built-in "unclassified" rule may remain.
                assert_eq!(classifier.rules().len(), 1);
            }
        }
    }
    if let Ok(factors) = maps::read_factors(data, "fuzz.csv", "fuzz") {
        for f in factors.iter() {
            assert!(f.kg_co2e_per_sek >= 0.0 && f.kg_co2e_per_sek.is_finite());
        }
    }
});
