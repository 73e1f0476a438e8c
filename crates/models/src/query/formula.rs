//! Formula expressions: the score a `formula` query computes from the prefetch scores, payload
//! values, geo distances, dates and decays.

use super::*;

/// A formula expression, evaluated per point.
///
/// Strings are variables: a payload key, or `$score` / `$score[i]` for prefetch scores.
/// Conditions evaluate to 1 when they hold and 0 otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Expression {
    /// A number.
    Constant(f32),
    /// A variable: a payload key or a prefetch score.
    Variable(String),
    /// 1 when the condition holds, else 0.
    Condition(Box<Condition>),
    /// The distance in metres from a point to a geo field.
    GeoDistance(GeoDistance),
    /// A datetime constant.
    Datetime(DatetimeExpression),
    /// A datetime payload field.
    DatetimeKey(DatetimeKeyExpression),
    /// The product of several expressions.
    Mult(MultExpression),
    /// The sum of several expressions.
    Sum(SumExpression),
    /// The largest of several expressions (Qdrant 1.20).
    Max(MaxExpression),
    /// The smallest of several expressions (Qdrant 1.20).
    Min(MinExpression),
    /// The negation of an expression.
    Neg(NegExpression),
    /// The absolute value of an expression.
    Abs(AbsExpression),
    /// The quotient of two expressions.
    Div(DivExpression),
    /// The square root of an expression.
    Sqrt(SqrtExpression),
    /// One expression to the power of another.
    Pow(PowExpression),
    /// `e` to the power of an expression.
    Exp(ExpExpression),
    /// The base-10 logarithm of an expression.
    Log10(Log10Expression),
    /// The natural logarithm of an expression.
    Ln(LnExpression),
    /// The inverse hyperbolic cosine of an expression (Qdrant 1.20).
    Acosh(AcoshExpression),
    /// Linear decay.
    LinDecay(LinDecayExpression),
    /// Exponential decay.
    ExpDecay(ExpDecayExpression),
    /// Gaussian decay.
    GaussDecay(GaussDecayExpression),
}

impl Expression {
    /// A variable: a payload key, or `$score` / `$score[i]`.
    pub fn variable(name: impl Into<String>) -> Self {
        Expression::Variable(name.into())
    }

    /// The product of `factors`.
    pub fn mult(factors: impl IntoIterator<Item = Expression>) -> Self {
        Expression::Mult(MultExpression {
            mult: factors.into_iter().collect(),
        })
    }

    /// The sum of `terms`.
    pub fn sum(terms: impl IntoIterator<Item = Expression>) -> Self {
        Expression::Sum(SumExpression {
            sum: terms.into_iter().collect(),
        })
    }

    /// The largest of `operands` (at least one; Qdrant 1.20).
    pub fn max(operands: impl IntoIterator<Item = Expression>) -> Self {
        Expression::Max(MaxExpression {
            max: operands.into_iter().collect(),
        })
    }

    /// The smallest of `operands` (at least one; Qdrant 1.20).
    pub fn min(operands: impl IntoIterator<Item = Expression>) -> Self {
        Expression::Min(MinExpression {
            min: operands.into_iter().collect(),
        })
    }

    /// The inverse hyperbolic cosine of `inner` (Qdrant 1.20).
    pub fn acosh(inner: Expression) -> Self {
        Expression::Acosh(AcoshExpression {
            acosh: Box::new(inner),
        })
    }

    /// `-inner`.
    pub fn negate(inner: Expression) -> Self {
        Expression::Neg(NegExpression {
            neg: Box::new(inner),
        })
    }

    /// `left / right`; the server gives an error on division by zero unless
    /// [`DivParams::by_zero_default`] is set.
    pub fn divide(left: Expression, right: Expression) -> Self {
        Expression::Div(DivExpression {
            div: DivParams {
                left: Box::new(left),
                right: Box::new(right),
                by_zero_default: None,
            },
        })
    }
}

impl From<f32> for Expression {
    fn from(value: f32) -> Self {
        Expression::Constant(value)
    }
}

impl From<&str> for Expression {
    fn from(name: &str) -> Self {
        Expression::Variable(name.to_owned())
    }
}

impl From<String> for Expression {
    fn from(name: String) -> Self {
        Expression::Variable(name)
    }
}

impl From<Condition> for Expression {
    fn from(condition: Condition) -> Self {
        Expression::Condition(Box::new(condition))
    }
}

/// The distance in metres from `origin` to the geo field `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoDistance {
    /// The origin and the field.
    pub geo_distance: GeoDistanceParams,
}

/// The origin and field of a geo distance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoDistanceParams {
    /// The point to measure from.
    pub origin: GeoPoint,
    /// The payload key of the geo field.
    pub to: String,
}

/// A datetime constant, as an RFC 3339 string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatetimeExpression {
    /// The datetime.
    pub datetime: String,
}

/// A datetime payload field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatetimeKeyExpression {
    /// The payload key.
    pub datetime_key: String,
}

/// The product of several expressions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultExpression {
    /// The factors.
    pub mult: Vec<Expression>,
}

/// The sum of several expressions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SumExpression {
    /// The terms.
    pub sum: Vec<Expression>,
}

/// The largest of several expressions (Qdrant 1.20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaxExpression {
    /// The operands; at least one.
    pub max: Vec<Expression>,
}

/// The smallest of several expressions (Qdrant 1.20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinExpression {
    /// The operands; at least one.
    pub min: Vec<Expression>,
}

/// The negation of an expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NegExpression {
    /// The expression.
    pub neg: Box<Expression>,
}

/// The absolute value of an expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbsExpression {
    /// The expression.
    pub abs: Box<Expression>,
}

/// The quotient of two expressions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DivExpression {
    /// The operands.
    pub div: DivParams,
}

/// The operands of a division.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DivParams {
    /// The dividend.
    pub left: Box<Expression>,
    /// The divisor.
    pub right: Box<Expression>,
    /// The result when the divisor is 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_zero_default: Option<f32>,
}

option_setters!(DivParams {
    /// Sets the result when the divisor is 0.
    by_zero_default: f32,
});

/// The square root of an expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqrtExpression {
    /// The expression.
    pub sqrt: Box<Expression>,
}

/// One expression to the power of another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PowExpression {
    /// The operands.
    pub pow: PowParams,
}

/// The operands of a power.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PowParams {
    /// The base.
    pub base: Box<Expression>,
    /// The exponent.
    pub exponent: Box<Expression>,
}

/// `e` to the power of an expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpExpression {
    /// The exponent.
    pub exp: Box<Expression>,
}

/// The base-10 logarithm of an expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Log10Expression {
    /// The expression.
    pub log10: Box<Expression>,
}

/// The natural logarithm of an expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LnExpression {
    /// The expression.
    pub ln: Box<Expression>,
}

/// The inverse hyperbolic cosine of an expression (Qdrant 1.20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcoshExpression {
    /// The expression.
    pub acosh: Box<Expression>,
}

/// Linear decay of a value away from a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinDecayExpression {
    /// The decay parameters.
    pub lin_decay: DecayParamsExpression,
}

/// Exponential decay of a value away from a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpDecayExpression {
    /// The decay parameters.
    pub exp_decay: DecayParamsExpression,
}

/// Gaussian decay of a value away from a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GaussDecayExpression {
    /// The decay parameters.
    pub gauss_decay: DecayParamsExpression,
}

/// Parameters of a decay function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecayParamsExpression {
    /// The value that decays.
    pub x: Box<Expression>,
    /// Where the decay is 1; 0 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Box<Expression>>,
    /// The distance from the target at which the result is `midpoint`; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<f32>,
    /// The result at `scale` from the target; 0.5 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub midpoint: Option<f32>,
}

impl DecayParamsExpression {
    /// A decay of `x`, with the server's target (0), scale (1) and midpoint (0.5).
    pub fn new(x: impl Into<Expression>) -> Self {
        DecayParamsExpression {
            x: Box::new(x.into()),
            target: None,
            scale: None,
            midpoint: None,
        }
    }

    /// Sets where the decay is 1.
    #[must_use]
    pub fn target(mut self, target: impl Into<Expression>) -> Self {
        self.target = Some(Box::new(target.into()));
        self
    }
}

option_setters!(DecayParamsExpression {
    /// Sets the distance from the target at which the result is `midpoint`.
    scale: f32,
    /// Sets the result at `scale` from the target.
    midpoint: f32,
});
