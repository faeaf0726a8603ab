//! Events and schedules built from the example values the DCSA specifications give for each
//! field (the specs carry no complete event examples, only per-field ones).
#![allow(dead_code)]

use serde_json::{Value, json};

pub fn transport_event() -> Value {
    json!({
        "eventID": "3cecb101-7a1a-43a4-9d62-e88a131651e2",
        "eventCreatedDateTime": "2021-01-09T14:12:56+01:00",
        "eventType": "TRANSPORT",
        "eventClassifierCode": "ACT",
        "eventDateTime": "2019-11-12T07:41:00+08:30",
        "transportEventTypeCode": "ARRI",
        "delayReasonCode": "WEA",
        "changeRemark": "Bad weather",
        "transportCall": {
            "transportCallID": "123e4567-e89b-12d3-a456-426614174000",
            "carrierServiceCode": "FE1",
            "exportVoyageNumber": "2103S",
            "importVoyageNumber": "2103N",
            "transportCallSequenceNumber": 2,
            "UNLocationCode": "FRPAR",
            "facilityCode": "ADT",
            "facilityCodeListProvider": "SMDG",
            "facilityTypeCode": "POTE",
            "otherFacility": "Depot location or address",
            "modeOfTransport": "VESSEL",
            "vessel": {
                "vesselIMONumber": "9321483",
                "vesselName": "King of the Seas",
                "vesselFlag": "DE",
                "vesselCallSignNumber": "NCVV",
                "vesselOperatorCarrierCode": "MAEU",
                "vesselOperatorCarrierCodeListProvider": "NMFTA"
            }
        },
        "documentReferences": [
            {"documentReferenceType": "BKG", "documentReferenceValue": "ABC123123123"},
            {"documentReferenceType": "TRD", "documentReferenceValue": "85943567-eedb-98d3-f4ed-aed697474ed4"}
        ],
        "references": [{"referenceType": "FF", "referenceValue": "FF-2021-0042"}]
    })
}

pub fn equipment_event() -> Value {
    json!({
        "eventID": "84db923d-2a19-4eb0-beb5-446c1ec57d34",
        "eventCreatedDateTime": "2021-01-09T14:12:56+01:00",
        "eventType": "EQUIPMENT",
        "eventClassifierCode": "EST",
        "eventDateTime": "2019-11-12T07:41:00+08:30",
        "equipmentEventTypeCode": "LOAD",
        "equipmentReference": "APZU4812090",
        "ISOEquipmentCode": "22GP",
        "emptyIndicatorCode": "EMPTY",
        "eventLocation": {
            "locationName": "Eiffel Tower",
            "latitude": "48.8585500",
            "longitude": "2.294492036",
            "UNLocationCode": "FRPAR",
            "address": {
                "name": "Henrik",
                "street": "Kronprincessegade",
                "streetNumber": "54",
                "floor": "5. sal",
                "postCode": "1306",
                "city": "København",
                "stateRegion": "N/A",
                "country": "Denmark"
            }
        },
        "transportCall": {
            "transportCallID": "123e4567-e89b-12d3-a456-426614174000",
            "carrierServiceCode": "FE1",
            "carrierVoyageNumber": "2103S",
            "UNLocationCode": "NLRTM",
            "modeOfTransport": "VESSEL",
            "vessel": {"vesselIMONumber": "9321483", "vesselName": "King of the Seas"}
        },
        "seals": [{"sealNumber": "VET123", "sealSource": "CUS", "sealType": "WIR"}]
    })
}

pub fn shipment_event() -> Value {
    json!({
        "eventID": "5e51e72c-d872-11ea-811c-0f8f10a32ea1",
        "eventCreatedDateTime": "2021-01-09T14:12:56+01:00",
        "eventType": "SHIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": "2021-01-09T14:12:56+01:00",
        "shipmentEventTypeCode": "CONF",
        "documentTypeCode": "BKG",
        "documentID": "ABC709951",
        "reason": "All good",
        "references": [{"referenceType": "CR", "referenceValue": "PO-7781"}]
    })
}

/// A body of several events, as bytes.
pub fn body(events: &[Value]) -> Vec<u8> {
    serde_json::to_vec(&Value::Array(events.to_vec())).unwrap()
}

pub fn everywhere(_: &str) -> bool {
    true
}

pub fn vessel_schedules() -> Value {
    json!([{
        "carrierServiceName": "Great Lion Service",
        "carrierServiceCode": "FE1",
        "universalServiceReference": "SR12345A",
        "vesselSchedules": [{
            "vessel": {
                "vesselIMONumber": "9321483",
                "MMSINumber": "278111222",
                "name": "King of the Seas",
                "flag": "DE",
                "callSign": "NCVV",
                "operatorCarrierCode": "MAEU",
                "operatorCarrierCodeListProvider": "NMFTA"
            },
            "isDummyVessel": false,
            "transportCalls": [
                {
                    "portVisitReference": "NLRTM1234589",
                    "transportCallReference": "SR11111X-9321483-2107W-NLRTM-HPD2-1-1",
                    "carrierImportVoyageNumber": "2103N",
                    "carrierExportVoyageNumber": "2103S",
                    "universalImportVoyageReference": "2103N",
                    "universalExportVoyageReference": "2103N",
                    "location": {"UNLocationCode": "NLRTM", "facilitySMDGCode": "HPD2"},
                    "timestamps": [
                        {"eventTypeCode": "ARRI", "eventClassifierCode": "PLN", "eventDateTime": "2025-01-14T09:21:00+01:00"},
                        {"eventTypeCode": "ARRI", "eventClassifierCode": "EST", "eventDateTime": "2025-01-14T11:00:00+01:00"},
                        {"eventTypeCode": "DEPA", "eventClassifierCode": "PLN", "eventDateTime": "2025-01-15T18:00:00+01:00"}
                    ],
                    "cutOffTimes": [
                        {"cutOffDateTimeCode": "DCO", "cutOffDateTime": "2025-01-12T12:00:00+01:00"},
                        {"cutOffDateTimeCode": "VCO", "cutOffDateTime": "2025-01-13T12:00:00+01:00"}
                    ]
                },
                {
                    "transportCallReference": "SR11111X-9321483-2107W-DEHAM-CTA-1-1",
                    "carrierImportVoyageNumber": "2103S",
                    "location": {"UNLocationCode": "DEHAM"},
                    "timestamps": [
                        {"eventTypeCode": "ARRI", "eventClassifierCode": "EST", "eventDateTime": "2025-01-17T06:00:00+01:00"},
                        {"eventTypeCode": "ARRI", "eventClassifierCode": "ACT", "eventDateTime": "2025-01-17T07:30:00+01:00"}
                    ]
                }
            ]
        }]
    }])
}

pub fn port_schedules() -> Value {
    json!([{
        "location": {"locationName": "Port of Amsterdam", "UNLocationCode": "NLAMS", "facilitySMDGCode": "ACT"},
        "vesselSchedules": [{
            "servicePartners": [{
                "carrierCode": "MAEU",
                "carrierCodeListProvider": "NMFTA",
                "carrierServiceName": "Great Lion Service",
                "carrierServiceCode": "FE1",
                "carrierImportVoyageNumber": "2103S",
                "carrierExportVoyageNumber": "2103N"
            }],
            "vessel": {"vesselIMONumber": "9321483", "name": "King of the Seas", "operatorCarrierCode": "MAEU"},
            "isDummyVessel": false,
            "timestamps": [
                {"eventTypeCode": "ARRI", "eventClassifierCode": "EST", "eventDateTime": "2025-01-14T09:21:00+01:00"},
                {"eventTypeCode": "DEPA", "eventClassifierCode": "EST", "eventDateTime": "2025-01-15T09:21:00+01:00"}
            ]
        }]
    }])
}

pub fn point_to_point() -> Value {
    json!([{
        "placeOfReceipt": {"facilityTypeCode": "POTE", "location": {"UNLocationCode": "TWKHH"}, "dateTime": "2025-01-14T09:21:00+08:00"},
        "placeOfDelivery": {"facilityTypeCode": "POTE", "location": {"UNLocationCode": "NLRTM"}, "dateTime": "2025-02-20T10:00:00+01:00"},
        "receiptTypeAtOrigin": "CY",
        "deliveryTypeAtDestination": "CY",
        "cutOffTimes": [{"cutOffDateTimeCode": "FCO", "cutOffDateTime": "2025-01-13T12:00:00+08:00"}],
        "solutionNumber": 1,
        "routingReference": "Route123",
        "transitTime": 37,
        "legs": [
            {
                "sequenceNumber": 1,
                "transport": {
                    "modeOfTransport": "VESSEL",
                    "servicePartners": [{"carrierCode": "MAEU", "carrierServiceCode": "FE1", "carrierImportVoyageNumber": "2103N", "carrierExportVoyageNumber": "2103S"}],
                    "vessel": {"vesselIMONumber": "9321483", "name": "King of the Seas", "operatorCarrierCode": "MAEU"}
                },
                "departure": {"facilityTypeCode": "POTE", "location": {"UNLocationCode": "TWKHH"}, "dateTime": "2025-01-15T18:00:00+08:00"},
                "intermediateCalls": [
                    {"location": {"UNLocationCode": "SGSIN"}, "arrivalDateTime": "2025-01-20T08:00:00+08:00", "departureDateTime": "2025-01-21T08:00:00+08:00"}
                ],
                "arrival": {"facilityTypeCode": "POTE", "location": {"UNLocationCode": "NLRTM"}, "dateTime": "2025-02-18T06:00:00+01:00"},
                "cutOffTimes": [{"cutOffDateTimeCode": "DCO", "cutOffDateTime": "2025-01-12T12:00:00+08:00"}]
            },
            {
                "sequenceNumber": 2,
                "transport": {"modeOfTransport": "TRUCK"},
                "departure": {"facilityTypeCode": "POTE", "location": {"UNLocationCode": "NLRTM"}, "dateTime": "2025-02-19T06:00:00+01:00"},
                "arrival": {"facilityTypeCode": "CLOC", "location": {"UNLocationCode": "NLAMS"}, "dateTime": "2025-02-20T10:00:00+01:00"}
            }
        ]
    }])
}
