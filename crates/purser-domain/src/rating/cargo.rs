//! What is being shipped, checked at the door: a price is never guessed from a zero or
//! negative weight, an empty container list or a piece without dimensions. Each error
//! names the field so the API can answer 422 pointing at it.

use super::equipment::SizeType;
use super::rates::Mode;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why cargo was refused; `field` is the path a form or API shows.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CargoError {
    #[error("{field} must be greater than zero")]
    NotPositive { field: String },
    #[error("{field} must list at least one item")]
    Empty { field: String },
}

/// A number of containers of one size-type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerCount {
    pub equipment: SizeType,
    pub count: u32,
}

/// A piece (or `count` identical pieces) of air or express cargo, dimensions in cm as
/// measured; the engine rounds each to the whole cm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub length_cm: Decimal,
    pub width_cm: Decimal,
    pub height_cm: Decimal,
    pub count: u32,
}

/// Cargo in the shape its mode prices: containers for FCL, weight and volume for LCL,
/// pieces for air and express. Private fields: only the checked constructors build one,
/// and deserialising goes through them too, so an API body cannot skip the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CargoShape", into = "CargoShape")]
pub struct Cargo(CargoShape);

impl TryFrom<CargoShape> for Cargo {
    type Error = CargoError;
    fn try_from(shape: CargoShape) -> Result<Cargo, CargoError> {
        match shape {
            CargoShape::Containers(list) => Cargo::containers(list),
            CargoShape::Loose { gross_kg, cbm } => Cargo::loose(gross_kg, cbm),
            CargoShape::Pieces { gross_kg, pieces } => Cargo::pieces(gross_kg, pieces),
        }
    }
}

impl From<Cargo> for CargoShape {
    fn from(c: Cargo) -> CargoShape {
        c.0
    }
}

/// Which of the three shapes some cargo is, without its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CargoKind {
    Containers,
    Loose,
    Pieces,
}
text_enum!(CargoKind { Containers = "containers", Loose = "loose", Pieces = "pieces" });

/// The three shapes cargo comes in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CargoShape {
    Containers(Vec<ContainerCount>),
    Loose {
        gross_kg: Decimal,
        cbm: Decimal,
    },
    Pieces {
        gross_kg: Decimal,
        pieces: Vec<Piece>,
    },
}

fn positive(value: Decimal, field: impl Into<String>) -> Result<(), CargoError> {
    if value > Decimal::ZERO {
        Ok(())
    } else {
        Err(CargoError::NotPositive {
            field: field.into(),
        })
    }
}

impl Cargo {
    /// FCL containers; the same size-type listed twice is merged.
    pub fn containers(list: Vec<ContainerCount>) -> Result<Cargo, CargoError> {
        if list.is_empty() {
            return Err(CargoError::Empty {
                field: "containers".into(),
            });
        }
        let mut merged: Vec<ContainerCount> = Vec::new();
        for (i, c) in list.into_iter().enumerate() {
            if c.count == 0 {
                return Err(CargoError::NotPositive {
                    field: format!("containers[{i}].count"),
                });
            }
            match merged.iter_mut().find(|m| m.equipment == c.equipment) {
                Some(m) => m.count += c.count,
                None => merged.push(c),
            }
        }
        Ok(Cargo(CargoShape::Containers(merged)))
    }

    /// LCL cargo by gross weight and volume.
    pub fn loose(gross_kg: Decimal, cbm: Decimal) -> Result<Cargo, CargoError> {
        positive(gross_kg, "gross_kg")?;
        positive(cbm, "cbm")?;
        Ok(Cargo(CargoShape::Loose { gross_kg, cbm }))
    }

    /// Air or express cargo by gross weight and pieces.
    pub fn pieces(gross_kg: Decimal, pieces: Vec<Piece>) -> Result<Cargo, CargoError> {
        positive(gross_kg, "gross_kg")?;
        if pieces.is_empty() {
            return Err(CargoError::Empty {
                field: "pieces".into(),
            });
        }
        for (i, p) in pieces.iter().enumerate() {
            positive(p.length_cm, format!("pieces[{i}].length_cm"))?;
            positive(p.width_cm, format!("pieces[{i}].width_cm"))?;
            positive(p.height_cm, format!("pieces[{i}].height_cm"))?;
            if p.count == 0 {
                return Err(CargoError::NotPositive {
                    field: format!("pieces[{i}].count"),
                });
            }
        }
        Ok(Cargo(CargoShape::Pieces { gross_kg, pieces }))
    }

    /// The checked figures, to price or to show.
    pub fn shape(&self) -> &CargoShape {
        &self.0
    }

    /// Whether this cargo is the shape `mode` prices.
    pub fn suits(&self, mode: Mode) -> bool {
        matches!(
            (&self.0, mode),
            (CargoShape::Containers(_), Mode::SeaFcl)
                | (CargoShape::Loose { .. }, Mode::SeaLcl)
                | (CargoShape::Pieces { .. }, Mode::Air | Mode::Express)
        )
    }

    /// The shape, for a reason that says the cargo does not suit the mode.
    pub fn kind(&self) -> CargoKind {
        match self.0 {
            CargoShape::Containers(_) => CargoKind::Containers,
            CargoShape::Loose { .. } => CargoKind::Loose,
            CargoShape::Pieces { .. } => CargoKind::Pieces,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn zero_and_negative_measures_are_refused_by_field() {
        assert_eq!(
            Cargo::loose(d("0"), d("1")),
            Err(CargoError::NotPositive {
                field: "gross_kg".into()
            })
        );
        assert_eq!(
            Cargo::loose(d("10"), d("-1")),
            Err(CargoError::NotPositive {
                field: "cbm".into()
            })
        );
        let p = Piece {
            length_cm: d("10"),
            width_cm: d("0"),
            height_cm: d("10"),
            count: 1,
        };
        assert_eq!(
            Cargo::pieces(d("5"), vec![p]),
            Err(CargoError::NotPositive {
                field: "pieces[0].width_cm".into()
            })
        );
        assert_eq!(
            Cargo::pieces(d("5"), vec![]),
            Err(CargoError::Empty {
                field: "pieces".into()
            })
        );
        assert_eq!(
            Cargo::containers(vec![]),
            Err(CargoError::Empty {
                field: "containers".into()
            })
        );
    }

    #[test]
    fn the_same_equipment_twice_is_merged_and_a_zero_count_refused() {
        let hc = SizeType::parse("40HC").unwrap();
        let c = Cargo::containers(vec![
            ContainerCount {
                equipment: hc,
                count: 1,
            },
            ContainerCount {
                equipment: hc,
                count: 2,
            },
        ])
        .unwrap();
        assert_eq!(
            c.shape(),
            &CargoShape::Containers(vec![ContainerCount {
                equipment: hc,
                count: 3
            }])
        );
        assert_eq!(
            Cargo::containers(vec![ContainerCount {
                equipment: hc,
                count: 0
            }]),
            Err(CargoError::NotPositive {
                field: "containers[0].count".into()
            })
        );
    }

    #[test]
    fn deserialising_applies_the_same_checks() {
        let ok: Cargo =
            serde_json::from_str(r#"{"loose":{"gross_kg":"1200","cbm":"2.5"}}"#).unwrap();
        assert_eq!(ok, Cargo::loose(d("1200"), d("2.5")).unwrap());
        let err = serde_json::from_str::<Cargo>(r#"{"loose":{"gross_kg":"-1","cbm":"2.5"}}"#)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("gross_kg must be greater than zero"),
            "{err}"
        );
        let json = serde_json::to_string(&ok).unwrap();
        assert_eq!(serde_json::from_str::<Cargo>(&json).unwrap(), ok);
    }

    #[test]
    fn cargo_suits_only_its_modes() {
        let loose = Cargo::loose(d("1"), d("1")).unwrap();
        assert!(loose.suits(Mode::SeaLcl));
        assert!(!loose.suits(Mode::SeaFcl) && !loose.suits(Mode::Air));
        assert_eq!(loose.kind(), CargoKind::Loose);
    }
}
