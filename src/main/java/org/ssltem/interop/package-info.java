/**
 * Encoders from other frameworks: PyTorch state dicts and Keras HDF5 weight files read in pure Java, their tensors
 * mapped by name onto SSL-TEM's ResNet variables, written as an ordinary encoder folder.
 */
package org.ssltem.interop;
