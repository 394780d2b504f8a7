// The tutorial pages are Markdown files under `docs/`, written to be read on GitHub, and
// included here so that rustdoc shows them and compiles and runs every ```rust block as a doc
// test: a page whose code or numbers no longer match the crate fails `cargo test --doc`.
//
// Links between pages and to pictures are reference-style, `[text][label]`, with the targets
// (relative `.md` and `.png` paths) defined at the bottom of each page. Those paths mean nothing
// in rustdoc's output, so the same labels are defined again *before* each page: Markdown keeps
// the first definition of a label, so in rustdoc they point to the pages' modules and to the
// items of the API. A page's figures are defined as data URIs (`data:image/png;base64,…`), one
// attribute per figure, from `docs/img/uri/<name>.txt`: docs.rs serves rustdoc's output only,
// not `docs/img/`, and the crate has no public repository URL to link to, so the pages carry
// their pictures. The attributes apply only when rustdoc builds the docs (`cfg(doc)`): other
// builds would carry the 7 MB of pictures in the library's metadata. `scripts/ci/figures.sh`
// writes the `.txt` files from the PNGs (`--check`: they match), and
// `scripts/ci/doc_images.py` checks that no rendered page has a broken image.
// `tests/tutorial_pages.rs` checks that every page is included here and that every relative
// link of a page has its rustdoc label here.
//
// The index's labels are written out in the first attribute below: the `*_links!` macros are
// defined further down, too late for this module's own inner attributes.
#![doc = "[01-loss]: crate::tutorial::loss
[02-numerical-differentiation]: crate::tutorial::numerical_differentiation
[03-gradient]: crate::tutorial::gradient
[04-gradient-descent]: crate::tutorial::gradient_descent
[05-simple-net]: crate::tutorial::simple_net
[06-learning-algorithm]: crate::tutorial::learning_algorithm
[07-computational-graph]: crate::tutorial::computational_graph
[08-layers]: crate::tutorial::layers
[09-two-layer-net]: crate::tutorial::two_layer_net
[10-training-on-mnist]: crate::tutorial::training_on_mnist
[under-the-hood]: crate::tutorial::under_the_hood
[11-parameter-updates]: crate::tutorial::parameter_updates
[12-batch-norm]: crate::tutorial::batch_norm
[13-regularization]: crate::tutorial::regularization
[shape-sheet]: crate::tutorial::shape_sheet
[book-code-map]: crate::tutorial::book_code_map
[weekly-plan]: crate::tutorial::weekly_plan
[14-convolution]: crate::tutorial::convolution
[15-simple-convnet]: crate::tutorial::simple_convnet
[16-deep-learning]: crate::tutorial::deep_learning
[numpy]: crate::tutorial::numpy
[ko]: crate::tutorial::ko
"]
#![doc = include_str!("../docs/tutorial/README.md")]

/// Rustdoc targets of the labels the English pages link with (see the top of this file).
macro_rules! en_links {
    () => {
        "[index]: crate::tutorial
[01-loss]: crate::tutorial::loss
[02-numerical-differentiation]: crate::tutorial::numerical_differentiation
[03-gradient]: crate::tutorial::gradient
[04-gradient-descent]: crate::tutorial::gradient_descent
[05-simple-net]: crate::tutorial::simple_net
[06-learning-algorithm]: crate::tutorial::learning_algorithm
[07-computational-graph]: crate::tutorial::computational_graph
[08-layers]: crate::tutorial::layers
[09-two-layer-net]: crate::tutorial::two_layer_net
[10-training-on-mnist]: crate::tutorial::training_on_mnist
[under-the-hood]: crate::tutorial::under_the_hood
[11-parameter-updates]: crate::tutorial::parameter_updates
[12-batch-norm]: crate::tutorial::batch_norm
[13-regularization]: crate::tutorial::regularization
[shape-sheet]: crate::tutorial::shape_sheet
[book-code-map]: crate::tutorial::book_code_map
[weekly-plan]: crate::tutorial::weekly_plan
[numpy]: crate::tutorial::numpy
[shape-errors]: crate::tutorial::shape_errors
[performance]: crate::tutorial::performance
[14-convolution]: crate::tutorial::convolution
[15-simple-convnet]: crate::tutorial::simple_convnet
[16-deep-learning]: crate::tutorial::deep_learning
"
    };
}

/// The same labels for the Korean pages, one module (and one directory) deeper.
macro_rules! ko_links {
    () => {
        "[index]: crate::tutorial::ko
[01-loss]: crate::tutorial::ko::loss
[02-numerical-differentiation]: crate::tutorial::ko::numerical_differentiation
[03-gradient]: crate::tutorial::ko::gradient
[04-gradient-descent]: crate::tutorial::ko::gradient_descent
[05-simple-net]: crate::tutorial::ko::simple_net
[06-learning-algorithm]: crate::tutorial::ko::learning_algorithm
[07-computational-graph]: crate::tutorial::ko::computational_graph
[08-layers]: crate::tutorial::ko::layers
[09-two-layer-net]: crate::tutorial::ko::two_layer_net
[10-training-on-mnist]: crate::tutorial::ko::training_on_mnist
[under-the-hood]: crate::tutorial::ko::under_the_hood
[11-parameter-updates]: crate::tutorial::ko::parameter_updates
[12-batch-norm]: crate::tutorial::ko::batch_norm
[13-regularization]: crate::tutorial::ko::regularization
[shape-sheet]: crate::tutorial::ko::shape_sheet
[book-code-map]: crate::tutorial::ko::book_code_map
[weekly-plan]: crate::tutorial::ko::weekly_plan
[numpy]: crate::tutorial::ko::numpy
[shape-errors]: crate::tutorial::ko::shape_errors
[en]: crate::tutorial
[performance]: crate::tutorial::performance
[14-convolution]: crate::tutorial::ko::convolution
[15-simple-convnet]: crate::tutorial::ko::simple_convnet
[16-deep-learning]: crate::tutorial::ko::deep_learning
"
    };
}

/// Rustdoc targets of the API items the pages link to.
macro_rules! api_links {
    () => {
        "[Loss]: crate::loss::Loss
[OneHot]: crate::loss::OneHot
[Labels]: crate::loss::Labels
[numerical_diff]: crate::differentiation::numerical_diff
[numerical_gradient]: crate::gradient::numerical_gradient
[numerical_gradient_rows]: crate::gradient::numerical_gradient_rows
[gradient_descent]: crate::gradient_descent::gradient_descent
[SimpleNet]: crate::simple_net::SimpleNet
[AddLayer]: crate::graph::AddLayer
[MulLayer]: crate::graph::MulLayer
[matmul]: crate::matmul::matmul
[Layer]: crate::layers::Layer
[FirstLayer]: crate::layers::FirstLayer
[Activation]: crate::layers::Activation
[LossLayer]: crate::layers::LossLayer
[Affine]: crate::layers::Affine
[Relu]: crate::layers::Relu
[Sigmoid]: crate::layers::Sigmoid
[SoftmaxWithLoss]: crate::layers::SoftmaxWithLoss
[IdentityWithLoss]: crate::layers::IdentityWithLoss
[Convolution]: crate::layers::Convolution
[Pooling]: crate::layers::Pooling
[SimpleConvNet]: crate::SimpleConvNet
[relu_grad]: crate::activation::relu_grad
[argmax]: crate::accuracy::argmax
[gradient_check]: crate::gradient_check::gradient_check
[check_params]: crate::gradient_check::check_params
[check_layer]: crate::gradient_check::check_layer
[TwoLayerNet]: crate::TwoLayerNet
[TwoLayerNetSigmoid]: crate::TwoLayerNetSigmoid
[Network]: crate::Network
[Parameters]: crate::params::Parameters
[sequential]: crate::layers::sequential
[Mnist]: crate::mnist::Mnist
[data_dir]: crate::mnist::data_dir
[train]: crate::train::train
[step]: crate::train::step()
[with_loop]: crate::train::with_loop
[Dataset]: crate::data::Dataset
[SparseRows]: crate::sparse::SparseRows
[TrainConfig]: crate::train::TrainConfig
[Schedule]: crate::train::Schedule
[optim]: crate::optim
[Adam]: crate::optim::Adam
[WeightDecay]: crate::optim::WeightDecay
[save]: crate::io::save()
[load_into]: crate::io::load_into
"
    };
}

#[cfg_attr(doc, doc = concat!("[fig-4-4]: ", include_str!("../docs/img/uri/ch04_step_sigmoid.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-4-3]: ", include_str!("../docs/img/uri/ch04_log.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::loss"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/01-loss.md")]
pub mod loss {}

#[cfg_attr(doc, doc = concat!("[fig-4-5]: ", include_str!("../docs/img/uri/ch04_tangent.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::numerical_differentiation"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/02-numerical-differentiation.md")]
pub mod numerical_differentiation {}

#[cfg_attr(doc, doc = concat!("[fig-4-9]: ", include_str!("../docs/img/uri/gradient_field.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::gradient"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/03-gradient.md")]
pub mod gradient {}

#[cfg_attr(doc, doc = concat!("[fig-4-10]: ", include_str!("../docs/img/uri/gradient_descent_path.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::gradient_descent"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/04-gradient-descent.md")]
pub mod gradient_descent {}

#[doc = "[other-language]: crate::tutorial::ko::simple_net"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/05-simple-net.md")]
pub mod simple_net {}

#[cfg_attr(doc, doc = concat!("[fig-4-11]: ", include_str!("../docs/img/uri/loss.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-4-12]: ", include_str!("../docs/img/uri/accuracy.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::learning_algorithm"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/06-learning-algorithm.md")]
pub mod learning_algorithm {}

#[cfg_attr(doc, doc = concat!("[fig-5-7]: ", include_str!("../docs/img/uri/ch05_chain_rule.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-5-9]: ", include_str!("../docs/img/uri/ch05_add_mul.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-5-16]: ", include_str!("../docs/img/uri/ch05_apple.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-5-17]: ", include_str!("../docs/img/uri/ch05_apple_orange.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::computational_graph"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/07-computational-graph.md")]
pub mod computational_graph {}

#[cfg_attr(doc, doc = concat!("[fig-5-27]: ", include_str!("../docs/img/uri/ch05_affine.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-5-20]: ", include_str!("../docs/img/uri/ch05_sigmoid.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-5-30]: ", include_str!("../docs/img/uri/ch05_softmax_with_loss.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::layers"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/08-layers.md")]
pub mod layers {}

#[doc = "[other-language]: crate::tutorial::ko::two_layer_net"]
#[doc = en_links!()]
#[doc = api_links!()]
// Its code property-tests with proptest, which only the tests crate depends on: the page is
// shown here and its code runs as doc tests of `tests/lib.rs`.
#[cfg_attr(not(doctest), doc = include_str!("../docs/tutorial/09-two-layer-net.md"))]
pub mod two_layer_net {}

#[doc = "[other-language]: crate::tutorial::ko::training_on_mnist"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/10-training-on-mnist.md")]
pub mod training_on_mnist {}

#[doc = "[other-language]: crate::tutorial::ko::under_the_hood"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/under-the-hood.md")]
pub mod under_the_hood {}

#[cfg_attr(doc, doc = concat!("[fig-6-11]: ", include_str!("../docs/img/uri/ch06_hist_sigmoid_std0.01.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-13]: ", include_str!("../docs/img/uri/ch06_hist_sigmoid_xavier.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-13-tanh]: ", include_str!("../docs/img/uri/ch06_hist_tanh_xavier.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-14-std]: ", include_str!("../docs/img/uri/ch06_hist_relu_std0.01.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-14-xavier]: ", include_str!("../docs/img/uri/ch06_hist_relu_xavier.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-8]: ", include_str!("../docs/img/uri/ch06_optimizer_paths.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-9]: ", include_str!("../docs/img/uri/ch06_optimizers_mnist.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-10]: ", include_str!("../docs/img/uri/ch06_hist_sigmoid_std1.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-14]: ", include_str!("../docs/img/uri/ch06_hist_relu_he.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-15]: ", include_str!("../docs/img/uri/ch06_weight_init.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::parameter_updates"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/11-parameter-updates.md")]
pub mod parameter_updates {}

#[cfg_attr(doc, doc = concat!("[fig-6-17]: ", include_str!("../docs/img/uri/ch06_batch_norm_graph.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-19]: ", include_str!("../docs/img/uri/ch06_batch_norm.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::batch_norm"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/12-batch-norm.md")]
pub mod batch_norm {}

#[cfg_attr(doc, doc = concat!("[fig-6-20]: ", include_str!("../docs/img/uri/ch06_overfit_plain.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-21]: ", include_str!("../docs/img/uri/ch06_overfit_weight_decay.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-23]: ", include_str!("../docs/img/uri/ch06_overfit_dropout.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-6-24]: ", include_str!("../docs/img/uri/ch06_hyperparameters.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::regularization"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/13-regularization.md")]
pub mod regularization {}

#[doc = "[other-language]: crate::tutorial::ko::convolution"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/14-convolution.md")]
pub mod convolution {}

#[cfg_attr(doc, doc = concat!("[fig-7-24-before]: ", include_str!("../docs/img/uri/ch07_filters_before.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-7-24-after]: ", include_str!("../docs/img/uri/ch07_filters_after.txt")))]
#[cfg_attr(doc, doc = concat!("[fig-apply-filter]: ", include_str!("../docs/img/uri/ch07_apply_filter.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::simple_convnet"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/15-simple-convnet.md")]
pub mod simple_convnet {}

#[doc = "[other-language]: crate::tutorial::ko::shape_sheet"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/shape-sheet.md")]
pub mod shape_sheet {}

#[doc = "[other-language]: crate::tutorial::ko::book_code_map"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/book-code-map.md")]
pub mod book_code_map {}

#[doc = "[other-language]: crate::tutorial::ko::weekly_plan"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/weekly-plan.md")]
pub mod weekly_plan {}

#[cfg_attr(doc, doc = concat!("[fig-8-3]: ", include_str!("../docs/img/uri/ch08_misclassified.txt")))]
#[doc = "[other-language]: crate::tutorial::ko::deep_learning"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/tutorial/16-deep-learning.md")]
pub mod deep_learning {}

#[doc = "[other-language]: crate::tutorial::ko::numpy"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/numpy-to-dldw.md")]
pub mod numpy {}

#[doc = "[other-language]: crate::tutorial::ko::shape_errors"]
#[doc = en_links!()]
#[doc = api_links!()]
#[doc = include_str!("../docs/shape-errors.md")]
pub mod shape_errors {}

#[doc = include_str!("../docs/robustness.md")]
pub mod robustness {}

#[doc = include_str!("../docs/performance.md")]
pub mod performance {}

#[doc = ko_links!()]
#[doc = include_str!("../docs/ko/tutorial/README.md")]
pub mod ko {
    #[cfg_attr(doc, doc = concat!("[fig-4-4]: ", include_str!("../docs/img/uri/ch04_step_sigmoid.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-4-3]: ", include_str!("../docs/img/uri/ch04_log.txt")))]
    #[doc = "[other-language]: crate::tutorial::loss"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/01-loss.md")]
    pub mod loss {}

    #[cfg_attr(doc, doc = concat!("[fig-4-5]: ", include_str!("../docs/img/uri/ch04_tangent.txt")))]
    #[doc = "[other-language]: crate::tutorial::numerical_differentiation"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/02-numerical-differentiation.md")]
    pub mod numerical_differentiation {}

    #[cfg_attr(doc, doc = concat!("[fig-4-9]: ", include_str!("../docs/img/uri/gradient_field.txt")))]
    #[doc = "[other-language]: crate::tutorial::gradient"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/03-gradient.md")]
    pub mod gradient {}

    #[cfg_attr(doc, doc = concat!("[fig-4-10]: ", include_str!("../docs/img/uri/gradient_descent_path.txt")))]
    #[doc = "[other-language]: crate::tutorial::gradient_descent"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/04-gradient-descent.md")]
    pub mod gradient_descent {}

    #[doc = "[other-language]: crate::tutorial::simple_net"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/05-simple-net.md")]
    pub mod simple_net {}

    #[cfg_attr(doc, doc = concat!("[fig-4-11]: ", include_str!("../docs/img/uri/loss.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-4-12]: ", include_str!("../docs/img/uri/accuracy.txt")))]
    #[doc = "[other-language]: crate::tutorial::learning_algorithm"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/06-learning-algorithm.md")]
    pub mod learning_algorithm {}

    #[cfg_attr(doc, doc = concat!("[fig-5-7]: ", include_str!("../docs/img/uri/ch05_chain_rule.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-5-9]: ", include_str!("../docs/img/uri/ch05_add_mul.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-5-16]: ", include_str!("../docs/img/uri/ch05_apple.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-5-17]: ", include_str!("../docs/img/uri/ch05_apple_orange.txt")))]
    #[doc = "[other-language]: crate::tutorial::computational_graph"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/07-computational-graph.md")]
    pub mod computational_graph {}

    #[cfg_attr(doc, doc = concat!("[fig-5-27]: ", include_str!("../docs/img/uri/ch05_affine.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-5-20]: ", include_str!("../docs/img/uri/ch05_sigmoid.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-5-30]: ", include_str!("../docs/img/uri/ch05_softmax_with_loss.txt")))]
    #[doc = "[other-language]: crate::tutorial::layers"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/08-layers.md")]
    pub mod layers {}

    #[doc = "[other-language]: crate::tutorial::two_layer_net"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    // Its code property-tests with proptest, which only the tests crate depends on: the page is
    // shown here and its code runs as doc tests of `tests/lib.rs`.
    #[cfg_attr(not(doctest), doc = include_str!("../docs/ko/tutorial/09-two-layer-net.md"))]
    pub mod two_layer_net {}

    #[doc = "[other-language]: crate::tutorial::training_on_mnist"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/10-training-on-mnist.md")]
    pub mod training_on_mnist {}

    #[doc = "[other-language]: crate::tutorial::under_the_hood"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/under-the-hood.md")]
    pub mod under_the_hood {}

    #[cfg_attr(doc, doc = concat!("[fig-6-11]: ", include_str!("../docs/img/uri/ch06_hist_sigmoid_std0.01.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-13]: ", include_str!("../docs/img/uri/ch06_hist_sigmoid_xavier.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-13-tanh]: ", include_str!("../docs/img/uri/ch06_hist_tanh_xavier.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-14-std]: ", include_str!("../docs/img/uri/ch06_hist_relu_std0.01.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-14-xavier]: ", include_str!("../docs/img/uri/ch06_hist_relu_xavier.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-8]: ", include_str!("../docs/img/uri/ch06_optimizer_paths.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-9]: ", include_str!("../docs/img/uri/ch06_optimizers_mnist.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-10]: ", include_str!("../docs/img/uri/ch06_hist_sigmoid_std1.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-14]: ", include_str!("../docs/img/uri/ch06_hist_relu_he.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-15]: ", include_str!("../docs/img/uri/ch06_weight_init.txt")))]
    #[doc = "[other-language]: crate::tutorial::parameter_updates"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/11-parameter-updates.md")]
    pub mod parameter_updates {}

    #[cfg_attr(doc, doc = concat!("[fig-6-17]: ", include_str!("../docs/img/uri/ch06_batch_norm_graph.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-19]: ", include_str!("../docs/img/uri/ch06_batch_norm.txt")))]
    #[doc = "[other-language]: crate::tutorial::batch_norm"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/12-batch-norm.md")]
    pub mod batch_norm {}

    #[cfg_attr(doc, doc = concat!("[fig-6-20]: ", include_str!("../docs/img/uri/ch06_overfit_plain.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-21]: ", include_str!("../docs/img/uri/ch06_overfit_weight_decay.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-23]: ", include_str!("../docs/img/uri/ch06_overfit_dropout.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-6-24]: ", include_str!("../docs/img/uri/ch06_hyperparameters.txt")))]
    #[doc = "[other-language]: crate::tutorial::regularization"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/13-regularization.md")]
    pub mod regularization {}

    #[doc = "[other-language]: crate::tutorial::convolution"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/14-convolution.md")]
    pub mod convolution {}

    #[cfg_attr(doc, doc = concat!("[fig-7-24-before]: ", include_str!("../docs/img/uri/ch07_filters_before.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-7-24-after]: ", include_str!("../docs/img/uri/ch07_filters_after.txt")))]
    #[cfg_attr(doc, doc = concat!("[fig-apply-filter]: ", include_str!("../docs/img/uri/ch07_apply_filter.txt")))]
    #[doc = "[other-language]: crate::tutorial::simple_convnet"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/15-simple-convnet.md")]
    pub mod simple_convnet {}
    #[doc = "[other-language]: crate::tutorial::shape_sheet"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/shape-sheet.md")]
    pub mod shape_sheet {}

    #[doc = "[other-language]: crate::tutorial::book_code_map"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/book-code-map.md")]
    pub mod book_code_map {}

    #[doc = "[other-language]: crate::tutorial::weekly_plan"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/weekly-plan.md")]
    pub mod weekly_plan {}

    #[doc = "[other-language]: crate::tutorial::numpy"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/numpy-to-dldw.md")]
    pub mod numpy {}

    #[doc = "[other-language]: crate::tutorial::shape_errors"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/shape-errors.md")]
    pub mod shape_errors {}

    #[cfg_attr(doc, doc = concat!("[fig-8-3]: ", include_str!("../docs/img/uri/ch08_misclassified.txt")))]
    #[doc = "[other-language]: crate::tutorial::deep_learning"]
    #[doc = ko_links!()]
    #[doc = api_links!()]
    #[doc = include_str!("../docs/ko/tutorial/16-deep-learning.md")]
    pub mod deep_learning {}
}
